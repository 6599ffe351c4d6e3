import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';
import { itemLinkSchema } from './flow';

// 会议记录, 议定事项 and 纪要 (issue 17 items 7–8, DOMAIN §11.5–11.6): the shapes of /api/v1/meetings/:id/record,
// /decisions and /minutes.

/**
 * What the meeting made of a topic: 通过, 原则通过, 不通过, 再研究 (brought back after more work), 缓议 (put off). The
 * topic's state takes the same key.
 */
export const TOPIC_RESULTS = ['passed', 'passedInPrinciple', 'rejected', 'restudy', 'deferred'] as const;
const topicResultSchema = z.enum(TOPIC_RESULTS, { error: '请选择审议结果：通过、原则通过、不通过、再研究或缓议' });
export type TopicResult = z.output<typeof topicResultSchema>;

const speechSchema = z.strictObject({
  speaker: z.string().trim().min(1, '请填写发言人').max(50, '发言人不能超过 50 字'),
  content: z.string().trim().min(1, '请填写发言内容').max(5000, '发言内容不能超过 5000 字'),
  /** A differing opinion (不同意见), recorded as it was said. */
  dissent: z.boolean().default(false),
});

/** The record of one agenda topic, written by a recorder once the meeting has started. */
export const recordTopicBodySchema = z.strictObject({
  result: topicResultSchema,
  /** The main proceedings in the recorder's words: what the 纪要 says of the topic. */
  summary: z.string().trim().max(5000, '主要内容不能超过 5000 字').default(''),
  speeches: z.array(speechSchema).max(200, '发言过多').default([]),
});
export type RecordTopic = z.output<typeof recordTopicBodySchema>;

export const recordTopicParamsSchema = z.strictObject({ id: idSchema, topicItemId: idSchema });

/** A 议定事项; unit and date may wait, but no 纪要 is drafted while one lacks them. */
export const decisionBodySchema = z.strictObject({
  text: z.string().trim().min(1, '请填写议定事项').max(4000, '议定事项不能超过 4000 字'),
  topicItemId: idSchema.nullable().default(null),
  leadUnitId: idSchema.nullable().default(null),
  assistingUnitIds: z.array(idSchema).max(50, '协办单位过多').default([]),
  leaderPersonId: idSchema.nullable().default(null),
  dueDate: isoDateSchema.nullable().default(null),
});
export type DecisionInput = z.output<typeof decisionBodySchema>;

export const decisionParamsSchema = z.strictObject({ id: idSchema, decisionId: idSchema });

const ref = z.object({ id: z.string(), name: z.string() });
const lightSchema = z.enum(['green', 'yellow', 'red']).nullable();

/** A decision as the meeting's readers see it; its 督办 item by light and state only (opening it is its own rule). */
const decisionSchema = z.object({
  id: z.string(),
  seq: z.number(),
  text: z.string(),
  topicItemId: z.string().nullable(),
  leadUnit: ref.nullable(),
  assistingUnits: z.array(ref),
  leader: ref.nullable(),
  dueDate: z.string().nullable(),
  supervision: z.object({ itemId: z.string(), light: lightSchema, state: z.string(), closed: z.boolean() }).nullable(),
});

const speechViewSchema = z.object({ speaker: z.string(), content: z.string(), dissent: z.boolean() });

/** 会议记录: each planned topic with its result and what was said (restricted). */
export const meetingRecordSchema = z.object({
  mayWrite: z.boolean(),
  topics: z.array(
    z.object({
      topicItemId: z.string(),
      title: z.string(),
      result: topicResultSchema.nullable(),
      summary: z.string(),
      speeches: z.array(speechViewSchema),
      recordedBy: z.string().nullable(),
      recordedAt: z.string().nullable(),
    }),
  ),
});

/** The decisions, the 纪要 (if drafted) and what the reader may do with them. */
export const meetingDecisionsSchema = z.object({
  decisions: z.array(decisionSchema),
  minutes: z.object({ itemId: z.string(), state: z.string(), stateKey: z.string() }).nullable(),
  /** A recorder, before the 纪要 is drafted. */
  mayEdit: z.boolean(),
  /** The office's registrar, after the meeting, with no 纪要 in force. */
  mayDraftMinutes: z.boolean(),
  /** A supervisor of the office, once the 纪要 is drafted. */
  maySupervise: z.boolean(),
  /** Whether the reader reads the record (会议记录). */
  mayReadRecord: z.boolean(),
  /** The meeting's links (its 纪要, the 督办 items of its decisions) the reader may open. */
  links: z.array(itemLinkSchema),
});

export const minutesDraftedSchema = z.object({ itemId: z.string() });

export const supervisedSchema = z.object({ items: z.array(z.object({ decisionId: z.string(), itemId: z.string() })) });

/** 涉密材料随议题收回: per topic whose record is written, its numbered copies still out (given to the recorders only). */
export const copiesOutSchema = z.object({
  /** The reader collects copies (a recorder); others are given no list. */
  collects: z.boolean(),
  topics: z.array(
    z.object({
      topicItemId: z.string(),
      topic: z.string(),
      /** When its record was written: the topic's discussion was over. */
      endedAt: z.string(),
      copies: z.array(z.object({ material: z.string(), copyNo: z.number(), holder: z.string() })),
    }),
  ),
});
