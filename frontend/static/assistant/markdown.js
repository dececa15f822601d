// A small, safe Markdown subset for assistant replies.
//
// Model and tool text is untrusted: it is parsed into a tiny tree of plain objects and turned into
// DOM nodes with createElement/createTextNode/setAttribute only — never innerHTML — so "<img
// onerror=…>" in a reply is shown as the characters it is. Supported: paragraphs, line breaks,
// **bold**, *italic* / _italic_, `code`, "- " / "* " bullet lists, "1. " numbered lists,
// "# " headings (shown as bold lines), [links](https://…), bare https:// URLs, and phone numbers and
// email addresses in plain text (tel:/mailto: links, so a customer can tap to call or write).

const SAFE_URL = /^(https?:\/\/|mailto:|tel:|\/(?!\/))/i;

/** Only http(s), mailto, tel and same-site paths may become links; anything else stays text. */
export function safeHref(url) {
  const trimmed = String(url).trim();
  if (!SAFE_URL.test(trimmed)) return null;
  if (/[\u0000-\u001f\s]/.test(trimmed)) return null;
  return trimmed;
}

// ---------------------------------------------------------------- inline
const INLINE = [
  { type: "code", re: /`([^`\n]+)`/y },
  { type: "strong", re: /\*\*(?=\S)([\s\S]+?)\*\*/y },
  { type: "em", re: /\*(?=[^\s*])([^*\n]+?)\*/y },
  { type: "em", re: /_(?=[^\s_])([^_\n]+?)_(?![A-Za-z0-9])/y },
  { type: "link", re: /\[([^\]\n]+)\]\(([^)\s]+)\)/y },
  { type: "autolink", re: /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/y },
];

/** Parse inline Markdown into nodes: {type:"text",text} | {type:"strong"|"em",children} | {type:"code",text} | {type:"link",href,children}. */
export function parseInline(text) {
  return withContactLinks(parseInlineRaw(text));
}

function parseInlineRaw(text) {
  const nodes = [];
  let buffer = "";
  let i = 0;
  const flush = () => {
    if (buffer) nodes.push({ type: "text", text: buffer });
    buffer = "";
  };
  outer: while (i < text.length) {
    const ch = text[i];
    if (ch === "`" || ch === "*" || ch === "_" || ch === "[" || ch === "h") {
      // "_" only opens emphasis at the start of a word: snake_case, window.__x and URLs stay literal.
      const inWord = ch === "_" && i > 0 && !/[\s(]/.test(text[i - 1]);
      for (const rule of INLINE) {
        if (inWord && rule.type === "em") continue;
        rule.re.lastIndex = i;
        const m = rule.re.exec(text);
        if (!m) continue;
        if (rule.type === "code") {
          flush();
          nodes.push({ type: "code", text: m[1] });
        } else if (rule.type === "strong" || rule.type === "em") {
          flush();
          nodes.push({ type: rule.type, children: parseInlineRaw(m[1]) });
        } else if (rule.type === "link") {
          const href = safeHref(m[2]);
          if (!href) continue; // unsafe target: keep the literal text
          flush();
          nodes.push({ type: "link", href, children: parseInlineRaw(m[1]) });
        } else {
          if (i > 0 && /[A-Za-z0-9]/.test(text[i - 1])) continue;
          flush();
          nodes.push({ type: "link", href: m[0], children: [{ type: "text", text: m[0] }] });
        }
        i += m[0].length;
        continue outer;
      }
    }
    buffer += ch;
    i += 1;
  }
  flush();
  return nodes;
}

// ---------------------------------------------------------------- phone numbers and emails
// North American numbers as people write them: (631) 595-5100, 631-595-5100, 631.595.5100,
// +1 631 595 5100, 1-800-555-0100. A separator is required inside the number, so booking numbers,
// ZIP codes, prices and long digit runs never become links.
const PHONE = /(?<![\w+$@/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w@-]|\.\d)/g;
const EMAIL = /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w@])/g;

/** "tel:+16315955100" for a matched phone number. */
export function telHref(phone) {
  const digits = phone.replace(/\D/g, "");
  return `tel:+${digits.length === 10 ? `1${digits}` : digits}`;
}

/** Split one text run into text and tel:/mailto: link nodes. */
export function linkContacts(text) {
  const found = [];
  for (const [re, href] of [[EMAIL, (m) => `mailto:${m}`], [PHONE, telHref]]) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue; // a number inside an email address
      found.push({ start, end, href: href(m[0]), text: m[0] });
    }
  }
  if (!found.length) return [{ type: "text", text }];
  found.sort((a, b) => a.start - b.start);
  const nodes = [];
  let at = 0;
  for (const f of found) {
    if (f.start > at) nodes.push({ type: "text", text: text.slice(at, f.start) });
    nodes.push({ type: "link", href: f.href, children: [{ type: "text", text: f.text }] });
    at = f.end;
  }
  if (at < text.length) nodes.push({ type: "text", text: text.slice(at) });
  return nodes;
}

/** Contact links in text runs (also inside bold/italic), never inside code or an existing link. */
function withContactLinks(nodes) {
  return nodes.flatMap((node) => {
    if (node.type === "text") return linkContacts(node.text);
    if (node.type === "strong" || node.type === "em") return [{ ...node, children: withContactLinks(node.children) }];
    return [node];
  });
}

// ---------------------------------------------------------------- blocks
const BULLET = /^\s{0,3}[-*•]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,3})[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

/** Parse text into blocks: {type:"p",lines:[inline[]]} | {type:"ul"|"ol",items:[inline[]],start?} | {type:"heading",children}. */
export function parseMarkdown(source) {
  const lines = String(source ?? "").replace(/\r\n?/g, "\n").split("\n");
  const blocks = [];
  let paragraph = null;
  let list = null;
  const close = () => {
    paragraph = null;
    list = null;
  };
  for (const line of lines) {
    if (line.trim() === "") {
      close();
      continue;
    }
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (heading) {
      close();
      blocks.push({ type: "heading", children: parseInline(heading[1]) });
    } else if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      const content = bullet ? bullet[1] : numbered[2];
      if (!list || list.type !== kind) {
        paragraph = null;
        list = { type: kind, items: [] };
        if (kind === "ol") list.start = parseInt(numbered[1], 10);
        blocks.push(list);
      }
      list.items.push(parseInline(content));
    } else if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the previous list item.
      const last = list.items[list.items.length - 1];
      last.push({ type: "text", text: " " }, ...parseInline(line.trim()));
    } else {
      list = null;
      if (!paragraph) {
        paragraph = { type: "p", lines: [] };
        blocks.push(paragraph);
      }
      paragraph.lines.push(parseInline(line.trim()));
    }
  }
  return blocks;
}

// ---------------------------------------------------------------- DOM
function appendInline(doc, parent, nodes) {
  for (const node of nodes) {
    if (node.type === "text") {
      parent.appendChild(doc.createTextNode(node.text));
    } else if (node.type === "code") {
      const el = doc.createElement("code");
      el.appendChild(doc.createTextNode(node.text));
      parent.appendChild(el);
    } else if (node.type === "link") {
      const el = doc.createElement("a");
      el.setAttribute("href", node.href);
      el.setAttribute("rel", "noopener noreferrer");
      if (/^https?:/i.test(node.href)) el.setAttribute("target", "_blank");
      appendInline(doc, el, node.children);
      parent.appendChild(el);
    } else {
      const el = doc.createElement(node.type); // "strong" | "em"
      appendInline(doc, el, node.children);
      parent.appendChild(el);
    }
  }
}

/** Render Markdown text into a DocumentFragment of safe nodes. */
export function renderMarkdown(source, doc = globalThis.document) {
  const fragment = doc.createDocumentFragment();
  for (const block of parseMarkdown(source)) {
    if (block.type === "p") {
      const p = doc.createElement("p");
      block.lines.forEach((line, index) => {
        if (index > 0) p.appendChild(doc.createElement("br"));
        appendInline(doc, p, line);
      });
      fragment.appendChild(p);
    } else if (block.type === "heading") {
      const p = doc.createElement("p");
      const strong = doc.createElement("strong");
      appendInline(doc, strong, block.children);
      p.appendChild(strong);
      fragment.appendChild(p);
    } else {
      const list = doc.createElement(block.type);
      if (block.type === "ol" && block.start && block.start !== 1) list.setAttribute("start", String(block.start));
      for (const item of block.items) {
        const li = doc.createElement("li");
        appendInline(doc, li, item);
        list.appendChild(li);
      }
      fragment.appendChild(list);
    }
  }
  return fragment;
}
