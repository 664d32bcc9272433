'use client';
// The topic page's Messages card: the live tail and the publish form, shown only where the message
// tools exist, disabled with the reason for a caller who may not use them.
import { useId } from 'react';
import { Card } from '@/components/ui/card';
import type { TopicWithNodes } from '@/lib/cluster/types';
import { useMessageToolsAccess } from './access';
import { PublishForm } from './publish-form';
import { TailPanel } from './tail-panel';
import { ToolsDisabledNotice } from './tools-notice';

export function MessagesPanel({ topic }: { topic: TopicWithNodes }) {
  const access = useMessageToolsAccess();
  const reasonId = useId();
  if (access.kind === 'absent' || access.kind === 'loading') return null;
  const reason = access.kind === 'disabled' ? access.reason : undefined;
  return (
    <Card title="Messages" testId="messages-panel">
      <div className="space-y-6">
        <ToolsDisabledNotice reason={reason} id={reasonId} />
        <TailPanel topic={topic.topic_name} reason={reason} />
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <h3 className="mb-2 text-sm font-semibold">Publish</h3>
          <PublishForm topic={topic.topic_name} nodes={topic.nodes.map((n) => n.node)} reason={reason} />
        </div>
      </div>
    </Card>
  );
}
