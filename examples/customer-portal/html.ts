/** HTML that is already escaped; anything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A template tag that escapes every interpolated value except nested `html` fragments. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(
    strings.reduce(
      (out, chunk, index) => out + chunk + (index < values.length ? render(values[index]) : ''),
      '',
    ),
  );
}

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
  header { background: #0f3d63; color: #fff; padding: .75rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; }
  header a { color: #fff; }
  header .who { margin-left: auto; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  .warning { background: #fff4ce; border: 1px solid #e5c100; padding: .5rem 1rem; border-radius: 4px; }
  .error { background: #fde7e9; border: 1px solid #c50f1f; padding: .5rem 1rem; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
  .grant { color: #44546a; font-size: .9em; }
  form.inline { display: inline; }
  button { font: inherit; padding: .3rem .8rem; }
  fieldset { background: #fff; border: 1px solid #ddd; }
`;

/** Who is looking at a page, as the layout shows it. */
export interface PageViewer {
  readonly name: string | undefined;
  readonly roles: readonly string[];
}

/** The page frame: navigation, who is signed in, and the content. */
export function layout(viewer: PageViewer, title: string, content: SafeHtml): string {
  const who = viewer.name
    ? html`<span class="who">Signed in as <strong data-testid="viewer">${viewer.name}</strong> (${viewer.roles.join(', ')})
        <form class="inline" method="post" action="/sign-out"><button>Sign out</button></form></span>`
    : html`<span class="who" data-testid="viewer">Visitor (not signed in) · <a href="/">Sign in</a></span>`;
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} · Customer portal</title><style>${new SafeHtml(STYLE)}</style></head>
<body>
<header><strong>Customer portal</strong><a href="/orders">Orders</a><a href="/terms">Terms</a>${who}</header>
<main><h1>${title}</h1>${content}</main>
</body>
</html>`.value;
}
