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
  header { background: #0f3d63; color: #fff; padding: .75rem 1.5rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
  header a { color: #fff; }
  header .who { margin-left: auto; }
  main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  .table-wrap { overflow-x: auto; }
  time { white-space: nowrap; }
  td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
  tfoot td { font-weight: 600; border-bottom: none; }
  input, select, textarea { font: inherit; max-width: 100%; box-sizing: border-box; }
  @media (max-width: 600px) {
    header, main { padding-left: .75rem; padding-right: .75rem; }
    main { margin-top: 1rem; }
    th, td { padding: .3rem .4rem; }
    label { display: block; margin: .25rem 0; }
  }
  .warning { background: #fff4ce; border: 1px solid #e5c100; padding: .5rem 1rem; border-radius: 4px; }
  .success { background: #dff6dd; border: 1px solid #107c10; padding: .5rem 1rem; border-radius: 4px; }
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
  /** Holds an administrative role over contacts: the header links to the console. */
  readonly administrator?: boolean;
}

/** The page frame: navigation, who is signed in, and the content. */
export function layout(viewer: PageViewer, title: string, content: SafeHtml): string {
  const who = viewer.name
    ? html`<span class="who">Signed in as <strong data-testid="viewer">${viewer.name}</strong> (${viewer.roles.join(', ')})
        <form class="inline" method="post" action="/sign-out"><button>Sign out</button></form></span>`
    : html`<span class="who" data-testid="viewer">Visitor (not signed in) · <a href="/">Sign in</a></span>`;
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Customer portal</title><style>${new SafeHtml(STYLE)}</style></head>
<body>
<header><strong>Customer portal</strong><a href="/orders">Orders</a><a href="/terms">Terms</a>${
    viewer.administrator ? html`<a href="/admin/contacts" data-testid="admin-link">Contacts</a>` : ''
  }${who}</header>
<main><h1>${title}</h1>${content}</main>
</body>
</html>`.value;
}

/**
 * An instant as a `<time>` element showing its UTC date and time to the minute (`2026-11-29 14:05 UTC`): two
 * changes on one day are told apart. The full instant shows on hover.
 */
export function dateTime(iso: string): SafeHtml {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const full = date.toISOString();
  return html`<time datetime="${full}" title="${full.replace('T', ' ').slice(0, 19)} UTC">${full.slice(0, 10)} ${full.slice(11, 16)} UTC</time>`;
}

/**
 * The sum of decimal amounts such as `2398.00`, added in cents so that no binary rounding shows; text that is
 * not an amount is left out of the sum rather than guessed at.
 */
export function sumAmounts(amounts: readonly string[]): string {
  let cents = 0n;
  for (const amount of amounts) {
    const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
    if (!match) continue;
    const value = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
    cents += match[1] ? -value : value;
  }
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  return `${negative ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}
