import { describe, expect, it } from 'vitest';
import { foldReactions, kindOf } from '../../web/src/pages/phone/model.js';
import type { ChatMessage } from '../../web/src/types.js';

const message = (id: string, from: 'user' | 'business', type: string, content: unknown): ChatMessage => ({ id, from, type, status: 'delivered', timestamp: 0, [type]: content });

describe('the phone simulator, pure parts', () => {
  it('sends a picked file as WhatsApp would: WebP as a sticker, JPEG and PNG as a photo, the rest by family', () => {
    expect(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'audio/ogg', 'application/pdf', ''].map(kindOf)).toEqual([
      'image', 'image', 'sticker', 'document', 'video', 'audio', 'document', 'document',
    ]);
  });

  it('draws each side’s latest reaction on the message it answers, and takes it off on an empty emoji', () => {
    const hello = message('wamid.1', 'business', 'text', { body: 'Hello' });
    const question = message('wamid.2', 'user', 'text', { body: 'Open today?' });
    const { shown, worn } = foldReactions([
      hello,
      question,
      message('wamid.3', 'user', 'reaction', { message_id: 'wamid.1', emoji: '👍' }),
      message('wamid.4', 'user', 'reaction', { message_id: 'wamid.1', emoji: '❤️' }),
      message('wamid.5', 'business', 'reaction', { message_id: 'wamid.2', emoji: '🙏' }),
      message('wamid.6', 'business', 'reaction', { message_id: 'wamid.2', emoji: '' }),
      message('wamid.7', 'user', 'reaction', { message_id: 'wamid.gone', emoji: '😮' }),
    ]);
    expect(shown.map((m) => m.id)).toEqual(['wamid.1', 'wamid.2', 'wamid.7']);
    expect(worn.get('wamid.1')).toEqual({ user: '❤️' });
    expect(worn.get('wamid.2')).toEqual({});
  });
});
