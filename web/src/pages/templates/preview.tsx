import { buttonLabels, fillExamples, mediaFormats, type Draft } from './model.ts';

const mediaWords: Record<string, string> = { IMAGE: '🖼 Image', VIDEO: '▶ Video', DOCUMENT: '📄 Document', LOCATION: '📍 Location' };
const buttonIcons: Record<string, string> = { QUICK_REPLY: '↩', URL: '↗', PHONE_NUMBER: '✆', COPY_CODE: '⧉' };

/** The template as the customer's phone shows it, examples in place of the variables, redrawn as the form changes. */
export function TemplatePreview({ draft, businessName }: { draft: Draft; businessName: string }) {
  const { header, body, footer, buttons } = draft;
  return (
    <div className="phone studio-phone" aria-label="Preview" data-testid="template-preview">
      <div className="phone-head">
        <span className="avatar avatar-business" aria-hidden="true">
          {businessName.slice(0, 1).toUpperCase() || 'B'}
        </span>
        <div className="phone-title">
          <div className="phone-name">{businessName}</div>
          <div className="phone-sub">Preview · {draft.language || 'language?'}</div>
        </div>
      </div>
      <div className="chat">
        <div className="bubble-row theirs">
          <div className="bubble bubble-template">
            {header.format === 'TEXT' && header.text ? <p className="template-header">{fillExamples(header.text, header.examples)}</p> : null}
            {mediaFormats.includes(header.format) || header.format === 'LOCATION' ? (
              <div className="template-media">
                {mediaWords[header.format]}
                {header.handle ? <span className="small"> (example attached)</span> : null}
              </div>
            ) : null}
            <p className="bubble-text">{body.text ? fillExamples(body.text, body.examples) : <span className="muted">The body text appears here.</span>}</p>
            {footer ? <p className="template-footer">{footer}</p> : null}
            <div className="bubble-meta">
              <span>12:00</span>
            </div>
            {buttons.length > 0 ? (
              <div className="bubble-buttons">
                {buttons.map((b, i) => (
                  <button key={i} type="button" disabled title={b.type === 'URL' ? fillExamples(b.url, { 1: b.example }) : b.type === 'PHONE_NUMBER' ? b.phone_number : undefined}>
                    <span aria-hidden="true">{buttonIcons[b.type]} </span>
                    {b.type === 'COPY_CODE' ? buttonLabels.COPY_CODE : b.text || buttonLabels[b.type]}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}
