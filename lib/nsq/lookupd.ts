import 'server-only';
import { getJson } from './decode';
import { isUpstreamError, type NsqHttp } from './http';
import {
  type LookupdLookup,
  type LookupdNodes,
  lookupdChannelsSchema,
  lookupdInfoSchema,
  lookupdLookupSchema,
  lookupdNodesSchema,
  lookupdTopicsSchema,
} from './schemas';

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

export function getLookupdNodes(http: NsqHttp, lookupd: string): Promise<LookupdNodes> {
  return getJson(http, lookupd, '/nodes', lookupdNodesSchema);
}

export async function getLookupdTopics(http: NsqHttp, lookupd: string): Promise<string[]> {
  return (await getJson(http, lookupd, '/topics', lookupdTopicsSchema)).topics;
}

export async function getLookupdChannels(http: NsqHttp, lookupd: string, topic: string): Promise<string[]> {
  return (await getJson(http, lookupd, `/channels?${q({ topic })}`, lookupdChannelsSchema)).channels;
}

/** Producers of a topic, without tombstoned or inactive ones. A topic lookupd does not know is null. */
export async function lookupTopic(http: NsqHttp, lookupd: string, topic: string): Promise<LookupdLookup | null> {
  try {
    return await getJson(http, lookupd, `/lookup?${q({ topic })}`, lookupdLookupSchema);
  } catch (err) {
    if (isUpstreamError(err) && err.status === 404) return null;
    throw err;
  }
}

export async function getLookupdVersion(http: NsqHttp, lookupd: string): Promise<string> {
  return (await getJson(http, lookupd, '/info', lookupdInfoSchema)).version;
}

export async function pingLookupd(http: NsqHttp, lookupd: string): Promise<void> {
  await http.getText(lookupd, '/ping');
}
