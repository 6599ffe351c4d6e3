// A fictional city's party committee office and its neighbours, for the demo and the tests.
type DemoRole = 'registrar' | 'supervisor' | 'sysAdmin' | 'securityAdmin' | 'securityAuditor';
interface DemoDepartment {
  key: string;
  name: string;
  shortName: string;
}
export interface DemoUnit {
  key: string;
  parentKey?: string;
  name: string;
  shortName: string;
  issuerCode: string;
  level: '省' | '市' | '县';
  category: '党委' | '党委办公室' | '政府' | '政府办公室' | '部门';
  departments: DemoDepartment[];
}
interface DemoPost {
  unitKey: string;
  departmentKey?: string;
  title: string;
  isLeader: boolean;
  isPrimary: boolean;
  inChargeOf?: string[];
  /** The unit's 主要负责人, who signs its important and upward documents (条例 Art.22). */
  isPrincipal?: boolean;
}
export interface DemoPerson {
  key: string;
  name: string;
  gender: '男' | '女';
  username: string;
  clearance: '公开' | '内部' | '秘密' | '机密' | '绝密';
  posts: DemoPost[];
  roles?: { role: DemoRole; unitKey?: string; includeSubordinates?: boolean }[];
}

export const DEMO_PASSWORD = 'Zhongshu@2026';
export const DEMO_SECRETARY_GENERAL_USERNAME = 'zhouwenbin';
export const DEMO_CLERK_USERNAME = 'liuyang';
export const DEMO_REGISTRAR_USERNAME = 'chenjing';

const d = (key: string, name: string, shortName: string): DemoDepartment => ({ key, name, shortName });

export const demoUnits: DemoUnit[] = [
  {
    key: 'cityCommittee',
    name: '中共江州市委',
    shortName: '江州市委',
    issuerCode: '江委',
    level: '市',
    category: '党委',
    departments: [],
  },
  {
    key: 'cityOffice',
    parentKey: 'cityCommittee',
    name: '中共江州市委办公室',
    shortName: '市委办',
    issuerCode: '江委办',
    level: '市',
    category: '党委办公室',
    departments: [
      d('co.mishu', '秘书科', '秘书科'),
      d('co.zonghe', '综合科', '综合科'),
      d('co.ducha', '督查室', '督查室'),
      d('co.xinxi', '信息科', '信息科'),
      d('co.jiyao', '机要保密科', '机要科'),
      d('co.wendian', '文电科', '文电科'),
      d('co.zhiban', '总值班室', '值班室'),
      d('co.huiwu', '会务科', '会务科'),
      d('co.dangan', '档案室', '档案室'),
      d('co.diaoyan', '调研科', '调研科'),
    ],
  },
  {
    key: 'cityGov',
    parentKey: 'cityCommittee',
    name: '江州市人民政府',
    shortName: '市政府',
    issuerCode: '江政',
    level: '市',
    category: '政府',
    departments: [],
  },
  {
    key: 'govOffice',
    parentKey: 'cityGov',
    name: '江州市人民政府办公室',
    shortName: '市政府办',
    issuerCode: '江政办',
    level: '市',
    category: '政府办公室',
    departments: [d('go.mishu', '秘书科', '秘书科'), d('go.ducha', '督查科', '督查科')],
  },
  {
    key: 'donghuCommittee',
    parentKey: 'cityCommittee',
    name: '中共江州市东湖区委',
    shortName: '东湖区委',
    issuerCode: '东委',
    level: '县',
    category: '党委',
    departments: [],
  },
  {
    key: 'donghuOffice',
    parentKey: 'donghuCommittee',
    name: '中共江州市东湖区委办公室',
    shortName: '东湖区委办',
    issuerCode: '东委办',
    level: '县',
    category: '党委办公室',
    departments: [d('dh.mishu', '秘书股', '秘书股'), d('dh.ducha', '督查股', '督查股')],
  },
  {
    key: 'qingxiCommittee',
    parentKey: 'cityCommittee',
    name: '中共清溪县委',
    shortName: '清溪县委',
    issuerCode: '清委',
    level: '县',
    category: '党委',
    departments: [],
  },
  {
    key: 'qingxiOffice',
    parentKey: 'qingxiCommittee',
    name: '中共清溪县委办公室',
    shortName: '清溪县委办',
    issuerCode: '清委办',
    level: '县',
    category: '党委办公室',
    departments: [d('qx.mishu', '秘书股', '秘书股'), d('qx.xinxi', '信息股', '信息股')],
  },
  {
    key: 'linjiangOffice',
    parentKey: 'cityCommittee',
    name: '中共临江县委办公室',
    shortName: '临江县委办',
    issuerCode: '临委办',
    level: '县',
    category: '党委办公室',
    departments: [d('lj.mishu', '秘书股', '秘书股')],
  },
  {
    key: 'orgDept',
    parentKey: 'cityCommittee',
    name: '中共江州市委组织部',
    shortName: '市委组织部',
    issuerCode: '江组',
    level: '市',
    category: '部门',
    departments: [d('od.office', '办公室', '办公室')],
  },
  {
    key: 'ndrc',
    parentKey: 'cityGov',
    name: '江州市发展和改革委员会',
    shortName: '市发改委',
    issuerCode: '江发改',
    level: '市',
    category: '部门',
    departments: [d('nd.office', '办公室', '办公室'), d('nd.plan', '规划科', '规划科')],
  },
  {
    key: 'finance',
    parentKey: 'cityGov',
    name: '江州市财政局',
    shortName: '市财政局',
    issuerCode: '江财',
    level: '市',
    category: '部门',
    departments: [d('fi.office', '办公室', '办公室'), d('fi.budget', '预算科', '预算科')],
  },
  {
    key: 'education',
    parentKey: 'cityGov',
    name: '江州市教育局',
    shortName: '市教育局',
    issuerCode: '江教',
    level: '市',
    category: '部门',
    departments: [d('ed.office', '办公室', '办公室')],
  },
  {
    key: 'petitionBureau',
    parentKey: 'cityGov',
    name: '江州市信访局',
    shortName: '市信访局',
    issuerCode: '江访',
    level: '市',
    category: '部门',
    departments: [d('pb.office', '办公室', '办公室'), d('pb.visit', '来访接待科', '接待科')],
  },
  // The government's legal office: a 重大行政决策's draft is reviewed for legality before it goes to a meeting.
  {
    key: 'justice',
    parentKey: 'cityGov',
    name: '江州市司法局',
    shortName: '市司法局',
    issuerCode: '江司',
    level: '市',
    category: '部门',
    departments: [d('ju.office', '办公室', '办公室'), d('ju.review', '合法性审查科', '审查科')],
  },
];

type P = Omit<DemoPerson, 'clearance'> & { clearance?: DemoPerson['clearance'] };
const office = (title: string, departmentKey?: string, extra: Partial<DemoPost> = {}): DemoPost => ({
  unitKey: 'cityOffice',
  ...(departmentKey ? { departmentKey } : {}),
  title,
  isLeader: false,
  isPrimary: true,
  ...extra,
});
/** A section's head (科长, 主任): a leadership post of the section, not of the unit; the section's work reaches them. */
const chief = (title: string, departmentKey: string): DemoPost => office(title, departmentKey, { isLeader: true });
const at = (unitKey: string, title: string, departmentKey?: string, isLeader = false): DemoPost => ({
  unitKey,
  ...(departmentKey ? { departmentKey } : {}),
  title,
  isLeader,
  isPrimary: true,
});
const principal = (p: DemoPost): DemoPost => ({ ...p, isPrincipal: true });

const people: P[] = [
  {
    key: 'secretary',
    name: '郑国华',
    gender: '男',
    username: 'zhengguohua',
    clearance: '机密',
    posts: [principal(at('cityCommittee', '市委书记', undefined, true))],
  },
  {
    key: 'deputySecretary',
    name: '何丽萍',
    gender: '女',
    username: 'heliping',
    clearance: '机密',
    posts: [at('cityCommittee', '市委副书记', undefined, true)],
  },
  {
    key: 'standing1',
    name: '宋建国',
    gender: '男',
    username: 'songjianguo',
    clearance: '机密',
    posts: [at('cityCommittee', '市委常委、组织部部长', undefined, true)],
  },
  // The secretary-general heads the city office, so he is its 主要负责人; the office director is a 副秘书长.
  {
    key: 'sg',
    name: '周文斌',
    gender: '男',
    username: DEMO_SECRETARY_GENERAL_USERNAME,
    clearance: '机密',
    posts: [
      office('市委常委、秘书长', undefined, {
        isLeader: true,
        isPrincipal: true,
        inChargeOf: ['co.mishu', 'co.zonghe', 'co.ducha'],
      }),
    ],
  },
  {
    key: 'director',
    name: '孙海涛',
    gender: '男',
    username: 'sunhaitao',
    clearance: '机密',
    posts: [
      office('市委副秘书长、办公室主任', undefined, { isLeader: true, inChargeOf: ['co.jiyao', 'co.wendian'] }),
      { unitKey: 'petitionBureau', title: '市信访局局长（兼）', isLeader: true, isPrimary: false, isPrincipal: true },
    ],
  },
  {
    key: 'deputy1',
    name: '王淑敏',
    gender: '女',
    username: 'wangshumin',
    clearance: '秘密',
    posts: [office('办公室副主任', undefined, { isLeader: true, inChargeOf: ['co.xinxi', 'co.diaoyan'] })],
  },
  {
    key: 'deputy2',
    name: '吴志强',
    gender: '男',
    username: 'wuzhiqiang',
    clearance: '秘密',
    posts: [office('办公室副主任', undefined, { isLeader: true, inChargeOf: ['co.zhiban', 'co.huiwu', 'co.dangan'] })],
  },
  {
    key: 'mishuChief',
    name: '黄晓东',
    gender: '男',
    username: 'huangxiaodong',
    clearance: '秘密',
    posts: [chief('秘书科科长', 'co.mishu')],
  },
  {
    key: 'clerk',
    name: '刘洋',
    gender: '男',
    username: DEMO_CLERK_USERNAME,
    clearance: '内部',
    posts: [office('一级科员', 'co.mishu')],
  },
  {
    key: 'registrar',
    name: '陈静',
    gender: '女',
    username: DEMO_REGISTRAR_USERNAME,
    clearance: '内部',
    posts: [office('文书', 'co.wendian')],
    roles: [{ role: 'registrar', unitKey: 'cityOffice' }],
  },
  {
    key: 'jiyao',
    name: '马晓燕',
    gender: '女',
    username: 'maxiaoyan',
    clearance: '秘密',
    posts: [office('机要员', 'co.jiyao')],
    roles: [{ role: 'registrar', unitKey: 'cityOffice' }],
  },
  {
    key: 'jiyaoChief',
    name: '林志远',
    gender: '男',
    username: 'linzhiyuan',
    clearance: '秘密',
    posts: [chief('机要保密科科长', 'co.jiyao')],
  },
  {
    key: 'duchaChief',
    name: '赵春梅',
    gender: '女',
    username: 'zhaochunmei',
    clearance: '内部',
    posts: [chief('督查室主任', 'co.ducha')],
    roles: [{ role: 'supervisor', unitKey: 'cityCommittee', includeSubordinates: true }],
  },
  {
    key: 'ducha1',
    name: '钱磊',
    gender: '男',
    username: 'qianlei',
    clearance: '内部',
    posts: [office('四级主任科员', 'co.ducha')],
  },
  {
    key: 'xinxiChief',
    name: '郭雅琴',
    gender: '女',
    username: 'guoyaqin',
    clearance: '内部',
    posts: [chief('信息科科长', 'co.xinxi')],
  },
  { key: 'xinxi1', name: '许诺', gender: '女', username: 'xunuo', clearance: '公开', posts: [office('科员', 'co.xinxi')] },
  {
    key: 'zongheChief',
    name: '杨光明',
    gender: '男',
    username: 'yangguangming',
    clearance: '内部',
    posts: [chief('综合科科长', 'co.zonghe')],
  },
  {
    key: 'zonghe1',
    name: '邓欣怡',
    gender: '女',
    username: 'dengxinyi',
    clearance: '内部',
    posts: [office('二级主任科员', 'co.zonghe')],
  },
  {
    key: 'zhiban',
    name: '韩东升',
    gender: '男',
    username: 'handongsheng',
    clearance: '内部',
    posts: [chief('总值班室主任', 'co.zhiban')],
  },
  {
    key: 'huiwu',
    name: '冯晓丽',
    gender: '女',
    username: 'fengxiaoli',
    clearance: '内部',
    posts: [chief('会务科科长', 'co.huiwu')],
  },
  {
    key: 'dangan',
    name: '曹文静',
    gender: '女',
    username: 'caowenjing',
    clearance: '内部',
    posts: [chief('档案室主任', 'co.dangan')],
  },
  {
    key: 'diaoyan',
    name: '彭立新',
    gender: '男',
    username: 'penglixin',
    clearance: '内部',
    posts: [chief('调研科科长', 'co.diaoyan')],
  },
  {
    key: 'wendianChief',
    name: '蒋红霞',
    gender: '女',
    username: 'jianghongxia',
    clearance: '内部',
    posts: [chief('文电科科长', 'co.wendian')],
  },
  {
    key: 'govDirector',
    name: '田永刚',
    gender: '男',
    username: 'tianyonggang',
    clearance: '秘密',
    posts: [principal(at('govOffice', '市政府办公室主任', undefined, true))],
  },
  {
    key: 'govClerk',
    name: '范丽娟',
    gender: '女',
    username: 'fanlijuan',
    clearance: '内部',
    posts: [at('govOffice', '文书', 'go.mishu')],
    roles: [{ role: 'registrar', unitKey: 'govOffice' }],
  },
  {
    key: 'dhDirector',
    name: '罗建平',
    gender: '男',
    username: 'luojianping',
    clearance: '秘密',
    posts: [principal(at('donghuOffice', '区委办主任', undefined, true))],
  },
  {
    key: 'dhClerk',
    name: '唐晓琳',
    gender: '女',
    username: 'tangxiaolin',
    clearance: '内部',
    posts: [at('donghuOffice', '文书', 'dh.mishu')],
    roles: [{ role: 'registrar', unitKey: 'donghuOffice' }],
  },
  {
    key: 'qxDirector',
    name: '谢振华',
    gender: '男',
    username: 'xiezhenhua',
    clearance: '秘密',
    posts: [principal(at('qingxiOffice', '县委办主任', undefined, true))],
  },
  {
    key: 'qxClerk',
    name: '潘玉兰',
    gender: '女',
    username: 'panyulan',
    clearance: '内部',
    posts: [at('qingxiOffice', '文书', 'qx.mishu')],
    roles: [{ role: 'registrar', unitKey: 'qingxiOffice' }],
  },
  {
    key: 'ljClerk',
    name: '袁小军',
    gender: '男',
    username: 'yuanxiaojun',
    clearance: '内部',
    posts: [at('linjiangOffice', '秘书股股长', 'lj.mishu')],
    roles: [{ role: 'registrar', unitKey: 'linjiangOffice' }],
  },
  {
    key: 'odClerk',
    name: '贺敏',
    gender: '女',
    username: 'hemin',
    clearance: '内部',
    posts: [at('orgDept', '办公室科员', 'od.office')],
    roles: [{ role: 'registrar', unitKey: 'orgDept' }],
  },
  {
    key: 'ndrcClerk',
    name: '程浩',
    gender: '男',
    username: 'chenghao',
    clearance: '内部',
    posts: [at('ndrc', '办公室主任', 'nd.office')],
    roles: [{ role: 'registrar', unitKey: 'ndrc' }],
  },
  // The 发改委's own leader and a planner: a unit that is 交办 a 督办 item signs for it, hands it to its planner, and
  // its director signs the 办结报告.
  {
    key: 'ndrcDirector',
    name: '马志远',
    gender: '男',
    username: 'mazhiyuan',
    clearance: '内部',
    posts: [principal(at('ndrc', '市发展改革委主任', undefined, true))],
  },
  {
    key: 'ndrcPlanner',
    name: '沈卫东',
    gender: '男',
    username: 'shenweidong',
    clearance: '内部',
    posts: [at('ndrc', '规划科科员', 'nd.plan')],
  },
  {
    key: 'financeClerk',
    name: '魏芳',
    gender: '女',
    username: 'weifang',
    clearance: '内部',
    posts: [at('finance', '预算科科长', 'fi.budget')],
    roles: [{ role: 'registrar', unitKey: 'finance' }],
  },
  {
    key: 'eduClerk',
    name: '董磊',
    gender: '男',
    username: 'donglei',
    clearance: '公开',
    posts: [at('education', '办公室科员', 'ed.office')],
    roles: [{ role: 'registrar', unitKey: 'education' }],
  },
  {
    key: 'pbClerk',
    name: '苏婉清',
    gender: '女',
    username: 'suwanqing',
    clearance: '内部',
    posts: [at('petitionBureau', '来访接待科科员', 'pb.visit')],
    roles: [{ role: 'registrar', unitKey: 'petitionBureau' }],
  },
  // 合法性审查 of a 重大行政决策 before it goes to the 常务会议 or 常委会议 (议题, issue 17).
  {
    key: 'legalReviewer',
    name: '罗正平',
    gender: '男',
    username: 'luozhengping',
    posts: [at('justice', '合法性审查科科长', 'ju.review', true)],
  },
  {
    key: 'sysAdmin',
    name: '高建华',
    gender: '男',
    username: 'sysadmin',
    clearance: '内部',
    posts: [],
    roles: [{ role: 'sysAdmin' }],
  },
  {
    key: 'secAdmin',
    name: '沈立平',
    gender: '女',
    username: 'secadmin',
    clearance: '内部',
    posts: [],
    roles: [{ role: 'securityAdmin' }],
  },
  {
    key: 'auditor',
    name: '方志诚',
    gender: '男',
    username: 'auditor',
    clearance: '内部',
    posts: [],
    roles: [{ role: 'securityAuditor' }],
  },
];

export const demoPeople: DemoPerson[] = people.map((p) => ({ clearance: '内部', ...p }));

/**
 * The accounts to start with, and what each shows. The server prints them when it starts (demo-accounts.ts)
 * and README names the same ones — a test holds the two together.
 */
export const demoAccountsToTry: { username: string; tryThis: string }[] = [
  { username: DEMO_SECRETARY_GENERAL_USERNAME, tryThis: '秘书长：工作台、批办、签发' },
  { username: 'sunhaitao', tryThis: '办公室主任，有两个岗位：在页眉切换身份' },
  { username: DEMO_CLERK_USERNAME, tryThis: '秘书科科员：拟稿、承办' },
  { username: DEMO_REGISTRAR_USERNAME, tryThis: '文电科文书：签收登记、初审、编号、核发' },
  { username: 'sysadmin', tryThis: '系统管理员：单位与人员、工作日日历' },
  { username: 'secadmin', tryThis: '安全保密管理员：密级、角色、代理审批' },
  { username: 'auditor', tryThis: '安全审计员：审计日志' },
];
