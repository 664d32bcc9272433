// URLs of the pages, on nsqadmin's paths so bookmarks keep working. Names are URL-encoded ('#ephemeral').
const enc = encodeURIComponent;

export const topicHref = (topic: string) => `/topics/${enc(topic)}`;
export const channelHref = (topic: string, channel: string) => `/topics/${enc(topic)}/${enc(channel)}`;
export const nodeHref = (node: string) => `/nodes/${enc(node)}`;
