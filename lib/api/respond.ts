// Responses in nsqadmin's V1 envelope: JSON with nsqadmin's headers; errors as {"message": "..."}.
export const NSQ_CONTENT_TYPE_HEADER = { 'X-NSQ-Content-Type': 'nsq; version=1.0' } as const;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...NSQ_CONTENT_TYPE_HEADER,
    },
  });
}

export function errorJson(status: number, message: string): Response {
  return json({ message }, status);
}
