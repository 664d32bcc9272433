// The dead-letter envelope NSQ applications commonly write when they give up on a message: the
// original topic and channel, the message's id, body and attempts, the error and when. A redrive
// unwraps it: the original body goes back, by default to the original topic.
import { z } from 'zod';

export const deadLetterSchema = z.object({
  original_topic: z.string(),
  original_channel: z.string().optional(),
  message_id: z.string().optional(),
  body: z.unknown(),
  attempts: z.number().optional(),
  error: z.string().optional(),
  timestamp: z.union([z.number(), z.string()]).optional(),
});

export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** The envelope, when the body is one; a body it does not parse as is not an envelope. */
export function deadLetter(bytes: Uint8Array): DeadLetter | null {
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.trimStart().startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = deadLetterSchema.safeParse(value);
  return parsed.success && parsed.data.body !== undefined ? parsed.data : null;
}

/**
 * The original body to publish again: a string as it is (its bytes were the message), anything else
 * as the JSON it was (an application that stored the decoded object).
 */
export function originalBody(d: DeadLetter): Buffer {
  return Buffer.from(typeof d.body === 'string' ? d.body : JSON.stringify(d.body), 'utf8');
}
