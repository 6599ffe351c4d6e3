import { draftSchema, type Draft, type DraftInput } from '../../../../contract/outgoing-draft';

// Realistic drafts for the renderer's tests, one factory per format; each takes overrides.

const organ = (name: string) => ({ name });

export function makeDownwardNotice(over: Partial<DraftInput> = {}): Draft {
  return draftSchema.parse({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [organ('江州市人民政府办公室')],
    docNo: '江政办发〔2026〕12号',
    copyNo: '000123',
    classification: '秘密',
    secrecyTerm: '1年',
    urgency: '特急',
    title: '江州市人民政府办公室关于做好2026年防汛抗旱工作的通知',
    mainRecipients: [organ('各县（市、区）人民政府'), organ('市政府各部门')],
    body: [
      { level: 0, text: '为切实做好2026年全市防汛抗旱工作，保障人民群众生命财产安全，经市政府同意，现就有关事项通知如下。' },
      { level: 1, text: '一、总体要求' },
      { level: 0, text: '坚持人民至上、生命至上，立足防大汛、抗大旱、抢大险、救大灾，压紧压实各级防汛抗旱责任，确保江河安澜。' },
      { level: 2, text: '（一）落实责任。各县（市、区）人民政府主要负责同志为本行政区域防汛抗旱第一责任人。' },
      { level: 3, text: '1.开展隐患排查。汛前对水库、堤防、涵闸全面检查，建立问题清单，限期整改到位。' },
      { level: 4, text: '（1）重点水库由县级领导包保，落实巡查值守人员。' },
      { level: 1, text: '二、保障措施' },
      { level: 0, text: '各地各部门要加强值班值守，严格执行24小时值班和领导带班制度，重要情况及时报告。' },
    ],
    attachments: [
      { title: '2026年江州市防汛抗旱责任人名单', body: [{ level: 0, text: '一、市级防汛抗旱责任人：市长李明。' }] },
      { title: '江州市重点水库安全度汛检查表', body: null },
    ],
    signatureNames: ['江州市人民政府办公室'],
    writtenDate: '2026-05-06',
    sealed: true,
    note: '此件发至县级',
    ccRecipients: [organ('市委办公室'), organ('市人大常委会办公室'), organ('市政协办公室')],
    printedBy: '江州市人民政府办公室',
    printedDate: '2026-05-07',
    ...over,
  });
}

export function makeUpwardRequest(over: Partial<DraftInput> = {}): Draft {
  return makeDownwardNotice({
    genre: '请示',
    direction: 'up',
    issuers: [organ('江州市人民政府')],
    docNo: '江政〔2026〕7号',
    signers: ['王建国'],
    copyNo: null,
    classification: '公开',
    secrecyTerm: null,
    urgency: null,
    title: '江州市人民政府关于申请省级防汛补助资金的请示',
    mainRecipients: [organ('省人民政府')],
    attachments: [],
    signatureNames: ['江州市人民政府'],
    note: '联系人：张华；联系电话：0791-86001234',
    ccRecipients: [],
    ...over,
  });
}

export function makeJointNotice(over: Partial<DraftInput> = {}): Draft {
  return makeDownwardNotice({
    issuers: [organ('中共江州市委办公室'), organ('江州市人民政府办公室')],
    docNo: '江办发〔2026〕3号',
    copyNo: null,
    classification: '公开',
    secrecyTerm: null,
    urgency: null,
    title: '关于进一步加强基层减负工作的通知',
    attachments: [],
    signatureNames: ['中共江州市委办公室', '江州市人民政府办公室'],
    note: null,
    ...over,
  });
}

export function makeLetter(over: Partial<DraftInput> = {}): Draft {
  return draftSchema.parse({
    format: 'letter',
    genre: '函',
    direction: 'parallel',
    issuers: [organ('江州市人民政府办公室')],
    headerWithWenjian: false,
    docNo: '江政办函〔2026〕21号',
    urgency: '加急',
    title: '江州市人民政府办公室关于商请支持江州港扩建工程的函',
    mainRecipients: [organ('省交通运输厅')],
    body: [
      {
        level: 0,
        text: '江州港扩建工程已列入省“十五五”综合交通规划。为加快推进项目前期工作，现商请贵厅在航道等级论证、岸线使用审批等方面给予支持。',
      },
      { level: 0, text: '妥否，请函复。' },
    ],
    attachments: [{ title: '江州港扩建工程项目概况', body: null }],
    signatureNames: ['江州市人民政府办公室'],
    writtenDate: '2026-03-18',
    sealed: true,
    ccRecipients: [organ('市交通运输局')],
    ...over,
  });
}

export function makeMinutes(over: Partial<DraftInput> = {}): Draft {
  return draftSchema.parse({
    format: 'minutes',
    genre: '纪要',
    direction: 'down',
    issuers: [organ('江州市人民政府办公室')],
    headerName: '江州市人民政府常务会议',
    docNo: '第8期',
    title: '',
    body: [
      { level: 0, text: '2026年4月20日，市长李明主持召开市政府第8次常务会议，研究防汛抗旱和城市更新工作。纪要如下：' },
      { level: 1, text: '一、关于防汛抗旱工作' },
      { level: 0, text: '会议要求，各地各部门要压实责任，做好汛前准备。' },
    ],
    writtenDate: '2026-04-21',
    sealed: false,
    attendance: { present: '李明、赵刚、孙丽、周强', absent: '吴涛（出差）', observers: '市政府办公室、市水利局负责同志' },
    ccRecipients: [organ('市委办公室')],
    printedBy: '江州市人民政府办公室',
    printedDate: '2026-04-21',
    ...over,
  });
}
