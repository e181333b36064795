import { QUICK_EMOJI } from './model.ts';

/** The emoji bar a long press (or the ☺ button) opens on a business message; tapping the worn emoji again takes it off. */
export function ReactionPicker({ current, onPick, onClose }: { current: string | undefined; onPick: (emoji: string) => void; onClose: () => void }) {
  return (
    <div className="reaction-picker" role="group" aria-label="Reactions" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {QUICK_EMOJI.map((emoji) => (
        <button key={emoji} type="button" className={emoji === current ? 'active' : undefined} aria-pressed={emoji === current} onClick={() => onPick(emoji === current ? '' : emoji)}>
          {emoji}
        </button>
      ))}
      {current ? (
        <button type="button" className="reaction-remove" onClick={() => onPick('')}>
          Remove reaction
        </button>
      ) : null}
      <button type="button" className="reaction-close" aria-label="Close reactions" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
