import type { Random } from './random';

// The words of a provincial general office's daily traffic: who writes to it, what about, and what its
// people write on the processing sheet. Fictional names throughout (江南省 and its cities and counties).

export const PROVINCE = '江南';

export const CITIES = [
  '江州',
  '临湖',
  '青阳',
  '云溪',
  '白石',
  '梅岭',
  '桐川',
  '丰泽',
  '安平',
  '南屏',
  '东渠',
  '永宁',
  '华亭',
  '西津',
  '昌乐',
] as const;

const COUNTY_HEADS = '清临长平安永宁新东西南北双石金银龙凤丰兴乐和泰华福德瑞松柏桂兰溪';
const COUNTY_TAILS = '溪江川阳源山河阴湖宁安丰平城原水桥岭坪州泉塘';

/** 100 county names, distinct from each other and from the cities. */
export function countyNames(rng: Random, n: number): string[] {
  const out = new Set<string>();
  const taken = new Set<string>(CITIES);
  while (out.size < n) {
    const name = rng.pick([...COUNTY_HEADS]) + rng.pick([...COUNTY_TAILS]);
    if (!taken.has(name) && !out.has(name)) out.add(name);
  }
  return [...out];
}

/** Functional departments (部门) of a government or committee, with their 机关代字 stem. */
export const AGENCIES: { name: string; code: string; depts: string[] }[] = [
  { name: '发展和改革委员会', code: '发改', depts: ['办公室', '规划处', '投资处', '价格处', '经济运行处'] },
  { name: '财政厅', code: '财', depts: ['办公室', '预算处', '国库处', '社会保障处', '农业农村处'] },
  { name: '教育厅', code: '教', depts: ['办公室', '基础教育处', '高等教育处', '职业教育处', '学生处'] },
  { name: '科学技术厅', code: '科', depts: ['办公室', '规划处', '高新技术处', '农村科技处', '成果转化处'] },
  { name: '工业和信息化厅', code: '工信', depts: ['办公室', '运行监测处', '产业政策处', '信息化推进处', '中小企业处'] },
  { name: '公安厅', code: '公', depts: ['办公室', '治安管理处', '交通管理处', '网络安全处', '法制处'] },
  { name: '民政厅', code: '民', depts: ['办公室', '社会救助处', '养老服务处', '区划地名处', '社会组织处'] },
  { name: '司法厅', code: '司', depts: ['办公室', '法治督察处', '公共法律服务处', '人民参与处', '律师工作处'] },
  { name: '人力资源和社会保障厅', code: '人社', depts: ['办公室', '就业促进处', '养老保险处', '劳动关系处', '人才开发处'] },
  { name: '自然资源厅', code: '自然资', depts: ['办公室', '国土空间规划处', '耕地保护处', '矿产资源处', '测绘地理信息处'] },
  { name: '生态环境厅', code: '环', depts: ['办公室', '大气环境处', '水生态环境处', '土壤生态环境处', '环境执法处'] },
  { name: '住房和城乡建设厅', code: '建', depts: ['办公室', '城市建设处', '村镇建设处', '住房保障处', '建筑市场处'] },
  { name: '交通运输厅', code: '交', depts: ['办公室', '综合规划处', '公路处', '水运处', '安全监督处'] },
  { name: '水利厅', code: '水', depts: ['办公室', '规划计划处', '水资源处', '河湖管理处', '防汛抗旱处'] },
  { name: '农业农村厅', code: '农', depts: ['办公室', '种植业处', '畜牧兽医处', '乡村产业处', '农田建设处'] },
  { name: '商务厅', code: '商', depts: ['办公室', '市场运行处', '对外贸易处', '外资处', '电子商务处'] },
  { name: '文化和旅游厅', code: '文旅', depts: ['办公室', '艺术处', '公共服务处', '文物保护处', '市场管理处'] },
  { name: '卫生健康委员会', code: '卫健', depts: ['办公室', '医政处', '疾病预防控制处', '基层卫生处', '妇幼健康处'] },
  { name: '应急管理厅', code: '应急', depts: ['办公室', '风险监测处', '安全生产处', '防灾减灾处', '救援协调处'] },
  { name: '审计厅', code: '审', depts: ['办公室', '财政审计处', '经济责任审计处', '社会保障审计处', '法规处'] },
  { name: '市场监督管理局', code: '市监', depts: ['办公室', '登记注册处', '食品安全处', '质量监督处', '价格监督处'] },
  { name: '统计局', code: '统', depts: ['办公室', '综合处', '国民经济核算处', '工业统计处', '人口统计处'] },
  { name: '医疗保障局', code: '医保', depts: ['办公室', '待遇保障处', '医药服务处', '基金监管处', '规划财务处'] },
  { name: '信访局', code: '访', depts: ['办公室', '来访接待处', '网上信访处', '督查督办处', '复查复核处'] },
  { name: '林业局', code: '林', depts: ['办公室', '资源管理处', '生态修复处', '森林防火处', '保护地管理处'] },
  { name: '乡村振兴局', code: '乡振', depts: ['办公室', '规划处', '产业开发处', '社会帮扶处', '监测处'] },
  { name: '粮食和物资储备局', code: '粮', depts: ['办公室', '储备处', '流通处', '安全仓储处', '规划处'] },
  { name: '政务服务管理局', code: '政务', depts: ['办公室', '审批协调处', '数据资源处', '政务公开处', '营商环境处'] },
  { name: '体育局', code: '体', depts: ['办公室', '群众体育处', '竞技体育处', '青少年体育处', '体育经济处'] },
  { name: '退役军人事务厅', code: '退役', depts: ['办公室', '移交安置处', '优抚处', '权益维护处', '褒扬纪念处'] },
  { name: '机关事务管理局', code: '机关', depts: ['办公室', '公共机构节能处', '资产管理处', '服务保障处', '财务处'] },
  { name: '地方金融管理局', code: '金融', depts: ['办公室', '银行保险处', '资本市场处', '风险处置处', '普惠金融处'] },
  { name: '国有资产监督管理委员会', code: '国资', depts: ['办公室', '规划发展处', '产权管理处', '财务监管处', '考核分配处'] },
  { name: '外事办公室', code: '外', depts: ['办公室', '亚洲处', '欧美处', '礼宾处', '港澳事务处'] },
  { name: '档案局', code: '档', depts: ['办公室', '业务指导处', '保管利用处', '数字档案处', '执法督查处'] },
];

/** City and county names for the same agencies (厅 → 局, 处 → 科/股). */
export function agencyName(base: string, level: '省' | '市' | '县'): string {
  if (level === '省') return base;
  return base
    .replace(/厅$/, '局')
    .replace('卫生健康委员会', '卫生健康局')
    .replace('国有资产监督管理委员会', '国有资产监督管理局');
}
export const sectionName = (dept: string, level: '省' | '市' | '县') =>
  level === '省' ? dept : level === '市' ? dept.replace(/处$/, '科') : dept.replace(/处$/, '股');

export const PROVINCE_OFFICE_DEPTS = [
  '秘书一处',
  '秘书二处',
  '秘书三处',
  '综合一处',
  '综合二处',
  '综合三处',
  '督查室',
  '机要局',
  '文电处',
  '信息处',
  '调研一处',
  '调研二处',
  '会务处',
  '总值班室',
  '保密处',
  '档案处',
  '法规室',
  '机关党委',
  '人事处',
  '财务处',
  '行政处',
  '联络处',
  '政策研究处',
  '信息技术处',
  '老干部处',
];
export const CITY_OFFICE_DEPTS = [
  '秘书科',
  '综合科',
  '督查室',
  '信息科',
  '机要保密科',
  '文电科',
  '总值班室',
  '会务科',
  '档案室',
  '调研科',
  '法规科',
  '行政科',
];
export const COUNTY_OFFICE_DEPTS = ['秘书股', '综合股', '督查股', '信息股', '机要股', '文电股', '行政股'];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉力斌宇浩凯健俊帆鹏飞雪梅琳晨阳海波宁燕欣婷雅倩志远东晓春立新永庆光荣佳慧颖';

export function personName(rng: Random): { name: string; gender: '男' | '女' } {
  const given = rng.chance(0.7) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  return { name: rng.pick([...SURNAMES]) + given, gender: rng.chance(0.55) ? '男' : '女' };
}

// ——— documents ———

const FIELDS = [
  '安全生产',
  '防汛抗旱',
  '森林防火',
  '乡村振兴',
  '营商环境',
  '生态环境保护',
  '耕地保护',
  '粮食安全',
  '就业创业',
  '社会救助',
  '养老服务',
  '教育督导',
  '疫病防控',
  '食品药品安全',
  '信访维稳',
  '扫黑除恶',
  '平安建设',
  '法治政府建设',
  '政务公开',
  '数字政府建设',
  '统计调查',
  '审计整改',
  '财政预算管理',
  '国有资产管理',
  '招商引资',
  '重大项目建设',
  '河湖长制',
  '林长制',
  '文物保护',
  '非物质文化遗产保护',
  '民族团结进步',
  '双拥共建',
  '退役军人服务保障',
  '人才引进',
  '科技创新',
  '基层治理',
  '网格化管理',
  '物业管理',
  '城市更新',
  '农村人居环境整治',
  '高标准农田建设',
  '冬春农田水利建设',
  '秋冬季大气污染防治',
  '机关作风建设',
  '整治形式主义为基层减负',
  '党风廉政建设',
  '意识形态工作',
  '保密工作',
  '档案工作',
  '机要密码工作',
  '值班值守',
  '应急管理',
  '消防安全',
  '道路交通安全',
  '校园安全',
  '燃气安全',
  '自建房安全',
  '地质灾害防治',
  '安全度汛',
  '春运',
  '节日市场供应',
  '稳价保供',
  '根治欠薪',
  '义务教育',
  '医疗保障',
  '公共卫生',
  '爱国卫生运动',
  '全民健身',
  '文明城市创建',
  '志愿服务',
  '关心下一代',
  '老龄工作',
  '妇女儿童发展',
];
const ACTIONS = [
  '做好{y}年{f}工作',
  '开展{f}专项检查',
  '开展{f}专项整治行动',
  '进一步加强{f}工作',
  '加快推进{f}',
  '做好{f}有关工作',
  '报送{y}年度{f}工作总结',
  '开展{f}督查调研',
  '召开全省{f}工作会议',
  '做好{f}期间值班工作',
  '做好{y}年{s}{f}工作',
  '建立健全{f}长效机制',
  '落实{f}责任制',
  '开展{f}“回头看”',
  '报送{f}情况',
  '组织开展{f}宣传月活动',
];
const SEASONS = ['春季', '夏季', '汛期', '秋冬季', '冬季', '岁末年初', '元旦春节期间', '“五一”期间', '国庆期间'];
const PRINTED = ['实施方案', '工作要点', '考核办法', '管理办法', '实施细则', '工作规则', '责任清单', '三年行动计划', '应急预案'];
/** A term of the long tail, found in about one title in a thousand: the rare search term. */
export const RARE_TERM = '古树名木';
/** Found in about half of all titles: the common search term. */
export const COMMON_TERM = '通知';

export type Genre = '通知' | '请示' | '报告' | '意见' | '函' | '通报' | '批复' | '纪要' | '简报';

export function documentTitle(rng: Random, year: number, genre: Genre, serial: number): string {
  const f = rng.chance(0.001) ? `${RARE_TERM}保护` : rng.pick(FIELDS);
  if (genre === '简报') return `${rng.pick(['江南信息', '督查专报', '每日要情', '工作动态', '值班快报'])}（第${serial}期）`;
  if (genre === '纪要') return `${rng.pick(['全省', '专题', ''])}${f}工作会议纪要`;
  const printed = rng.chance(0.18);
  const topic = printed
    ? `印发《${rng.pick(['全省', '', `${year}年`])}${f}${rng.pick(PRINTED)}》`
    : rng.pick(ACTIONS).replace('{y}', String(year)).replace('{f}', f).replace('{s}', rng.pick(SEASONS));
  return `关于${topic}的${genre}`;
}

export function attachmentNames(rng: Random, title: string): { name: string }[] {
  const n = rng.weighted({ 0: 55, 1: 25, 2: 12, 3: 8 });
  const core = title.replace(/^关于/, '').replace(/的[^的]+$/, '');
  const kinds = ['工作情况统计表', '责任分工表', '联系人回执', '评分细则', '问题清单', '任务台账', '有关数据汇总表', '典型案例'];
  return Array.from({ length: Number(n) }, (_, i) => ({ name: `${i + 1}. ${core.slice(0, 24)}${rng.pick(kinds)}` }));
}

const SCREEN_NOTES = ['请拟办。', '请阅处。', '已登记，请拟办。', ''];
export const screenNote = (rng: Random) => rng.pick(SCREEN_NOTES);
export const returnReason = (rng: Random) =>
  rng.pick([
    '来文未经本级党委办公室统一报送，不符合行文规则，予以退回。',
    '请示一文多事，请按一文一事重新报送。',
    '来文缺少主送机关和成文日期，请补正后重报。',
    '来文属部门职权范围内事项，请径送有关部门办理。',
  ]);

export function proposal(rng: Random, leaderName: string, deptName: string): string {
  return rng.pick([
    `建议呈${leaderName}同志阅示，由${deptName}牵头研究办理。`,
    `拟请${leaderName}同志阅批，${deptName}按职责抓好落实，并于期限内报告办理情况。`,
    `建议送${leaderName}同志审阅；由${deptName}会同有关单位提出贯彻落实意见。`,
  ]);
}

export function instruction(rng: Random, deptName: string): string {
  return rng.pick([
    '同意拟办意见。',
    `同意。请${deptName}抓紧落实，重要情况及时报告。`,
    `请${deptName}认真研究，结合实际制定具体措施，确保各项要求落到实处。`,
    '阅。请按要求办理，注意把握时间节点。',
    `同意。请${deptName}牵头，有关单位密切配合，形成合力，按期报送办理结果。`,
  ]);
}

export function handling(rng: Random, unitName: string): string {
  const what = rng.pick([
    '已组织专门力量研究，制定了具体落实措施',
    '已召开专题会议进行部署，明确了责任分工和完成时限',
    '已会同有关单位逐项梳理，形成了办理意见',
    '已按要求完成自查，发现的问题已建立台账、限期整改',
    '已开展实地督查调研，形成了专题报告',
  ]);
  const tail = rng.pick(['', '相关材料已按时报送。', '下一步将持续跟踪落实情况，及时报告进展。', '办理结果已书面报告。']);
  return `${unitName}${what}。${tail}`;
}

export function replyText(rng: Random, sender: string): string {
  return rng.pick([`已以书面报告形式答复${sender}。`, `办理情况已报送${sender}。`, `已按要求向${sender}报送落实情况。`]);
}

export const closeSummary = (rng: Random) =>
  rng.pick(['已办结，材料归档。', '办理完毕，同意办结。', '已按要求办结，有关材料已整理归档。']);
export const readComment = (rng: Random) =>
  rng.chance(0.25) ? rng.pick(['已阅。', '阅，请按要求落实。', '已阅，请有关单位抓好落实。']) : null;
