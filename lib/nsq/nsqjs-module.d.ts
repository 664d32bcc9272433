// nsqjs ships no types; lib/nsq/nsqjs.ts gives the parts the console uses theirs.
declare module 'nsqjs';
