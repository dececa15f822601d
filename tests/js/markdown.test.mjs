import assert from "node:assert/strict";
import { test } from "node:test";

import { parseInline, parseMarkdown, renderMarkdown, safeHref } from "../../frontend/static/assistant/markdown.js";

// A tiny DOM stand-in that only offers the safe construction API. It has no innerHTML at all, so
// a renderer that reached for it would throw here.
class FakeNode {
  constructor(tag, text = null) {
    this.tag = tag;
    this.text = text;
    this.attrs = {};
    this.children = [];
  }
  appendChild(child) {
    this.children.push(child);
    return child;
  }
  setAttribute(name, value) {
    this.attrs[name] = String(value);
  }
  get html() {
    if (this.tag === "#text") return this.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const inner = this.children.map((c) => c.html).join("");
    if (this.tag === "#fragment") return inner;
    const attrs = Object.entries(this.attrs).map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`).join("");
    return this.tag === "br" ? "<br>" : `<${this.tag}${attrs}>${inner}</${this.tag}>`;
  }
}
Object.defineProperty(FakeNode.prototype, "innerHTML", {
  set() {
    throw new Error("innerHTML must never be used");
  },
});
const doc = {
  createElement: (tag) => new FakeNode(tag),
  createTextNode: (text) => new FakeNode("#text", text),
  createDocumentFragment: () => new FakeNode("#fragment"),
};
const render = (md) => renderMarkdown(md, doc).html;

test("paragraphs and line breaks", () => {
  assert.equal(render("Hello there.\nSecond line.\n\nNew paragraph."), "<p>Hello there.<br>Second line.</p><p>New paragraph.</p>");
});

test("bold, italic and code", () => {
  assert.equal(render("**$1,220.00** total, *estimate*, `TT-000123`"), "<p><strong>$1,220.00</strong> total, <em>estimate</em>, <code>TT-000123</code></p>");
  assert.equal(render("_it_ and (_also_)"), "<p><em>it</em> and (<em>also</em>)</p>");
});

test("snake_case words, dunder names, __double__ underscores and lone asterisks stay literal", () => {
  assert.equal(render("use service_type mini_move and 2 * 3"), "<p>use service_type mini_move and 2 * 3</p>");
  assert.equal(render('window.__xss=1"> and window.__xss=2'), '<p>window.__xss=1"&gt; and window.__xss=2</p>');
  assert.equal(render("__not bold__"), "<p>__not bold__</p>");
});

test("bullet and numbered lists", () => {
  assert.equal(
    render("Options:\n- Petite: $995\n* Standard: **$1,725**\n\n1. Pick a date\n2. Book"),
    "<p>Options:</p><ul><li>Petite: $995</li><li>Standard: <strong>$1,725</strong></li></ul><ol><li>Pick a date</li><li>Book</li></ol>",
  );
  assert.equal(render("3. third\n4. fourth"), '<ol start="3"><li>third</li><li>fourth</li></ol>');
});

test("headings become bold lines", () => {
  assert.equal(render("## Your quote"), "<p><strong>Your quote</strong></p>");
});

test("links get rel=noopener and external ones open in a new tab", () => {
  assert.equal(
    render("See [our FAQ](https://totetaxi.com/faq) or [book](/book)."),
    '<p>See <a href="https://totetaxi.com/faq" rel="noopener noreferrer" target="_blank">our FAQ</a> or <a href="/book" rel="noopener noreferrer">book</a>.</p>',
  );
  assert.equal(
    render("Email [us](mailto:info@totetaxi.com) or visit https://totetaxi.com."),
    '<p>Email <a href="mailto:info@totetaxi.com" rel="noopener noreferrer">us</a> or visit <a href="https://totetaxi.com" rel="noopener noreferrer" target="_blank">https://totetaxi.com</a>.</p>',
  );
});

test("javascript:, data: and protocol-relative links are not linked", () => {
  for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "vbscript:x"]) {
    assert.equal(safeHref(url), null, url);
    const html = render(`[click](${url})`);
    assert.ok(!html.includes("<a"), html);
  }
});

test("HTML in model text is text, not markup", () => {
  const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  const html = render(`Here: ${payload} **<b>bold</b>**`);
  assert.equal(html, "<p>Here: &lt;img src=x onerror=\"alert(1)\"&gt;&lt;script&gt;alert(2)&lt;/script&gt; <strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>");
});

test("link text with markup stays text and the href cannot break out of the attribute", () => {
  const [node] = parseInline('[<img src=x onerror=alert(1)>](https://x.example/"onmouseover=alert(1))');
  assert.equal(node.type, "link");
  assert.deepEqual(node.children, [{ type: "text", text: "<img src=x onerror=alert(1)>" }]);
  assert.equal(node.href, 'https://x.example/"onmouseover=alert(1');
});

test("half-streamed markdown renders without throwing and completes later", () => {
  assert.equal(render("Total **$1,2"), "<p>Total **$1,2</p>");
  assert.equal(render("Total **$1,220.00**"), "<p>Total <strong>$1,220.00</strong></p>");
  assert.equal(render("- one\n- "), "<ul><li>one</li><li></li></ul>");
});

test("empty and nullish input render nothing", () => {
  assert.deepEqual(parseMarkdown(""), []);
  assert.deepEqual(parseMarkdown(null), []);
  assert.equal(render(""), "");
});

test("phone numbers become tel: links and emails mailto: links, also in bold", () => {
  assert.equal(
    render("Call (631) 595-5100 or email info@totetaxi.com."),
    '<p>Call <a href="tel:+16315955100" rel="noopener noreferrer">(631) 595-5100</a> or email <a href="mailto:info@totetaxi.com" rel="noopener noreferrer">info@totetaxi.com</a>.</p>',
  );
  assert.equal(
    render("**631-595-5100**, +1 631 595 5100, 631.595.5100 and 1-800-555-0100"),
    '<p><strong><a href="tel:+16315955100" rel="noopener noreferrer">631-595-5100</a></strong>, ' +
      '<a href="tel:+16315955100" rel="noopener noreferrer">+1 631 595 5100</a>, ' +
      '<a href="tel:+16315955100" rel="noopener noreferrer">631.595.5100</a> and ' +
      '<a href="tel:+18005550100" rel="noopener noreferrer">1-800-555-0100</a></p>',
  );
  assert.equal(
    render("- orders@totetaxi.com for changes"),
    '<ul><li><a href="mailto:orders@totetaxi.com" rel="noopener noreferrer">orders@totetaxi.com</a> for changes</li></ul>',
  );
});

test("prices, ZIPs, booking numbers, dates and code are not phone links", () => {
  for (const text of [
    "$1,220.00 for 10001 to 11954",
    "Booking TT-2026-0001 on 2026-12-05",
    "order 6315955100 (no separators)",
    "12/05/2026 at 10:30",
    "version 1.631.595.5100.2",
  ]) {
    assert.equal(render(text), `<p>${text}</p>`, text);
  }
  assert.equal(render("`(631) 595-5100`"), "<p><code>(631) 595-5100</code></p>");
  assert.equal(
    render("[call us](tel:+16315955100)"),
    '<p><a href="tel:+16315955100" rel="noopener noreferrer">call us</a></p>',
  );
  // A link's own text is not linked twice.
  assert.equal(
    render("[info@totetaxi.com](mailto:info@totetaxi.com)"),
    '<p><a href="mailto:info@totetaxi.com" rel="noopener noreferrer">info@totetaxi.com</a></p>',
  );
});

test("contact links cannot smuggle markup or script", () => {
  const html = render('x@y.com"><img src=x onerror=alert(1)> (631) 595-5100<script>');
  assert.ok(html.includes('<a href="mailto:x@y.com" rel="noopener noreferrer">x@y.com</a>&quot;') || html.includes('x@y.com</a>"&gt;'), html);
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"), html);
  assert.ok(html.includes('<a href="tel:+16315955100" rel="noopener noreferrer">(631) 595-5100</a>&lt;script&gt;'), html);
});
