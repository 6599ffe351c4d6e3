import type { Tx } from '../../src/server/platform/db/client';
import { recordEvent } from '../../src/server/platform/audit/service';
import { account } from '../../src/server/platform/auth/schema';
import { docRegister } from '../../src/server/platform/numbering/schema';
import { department, leaderInCharge, person, post, roleGrant, unit } from '../../src/server/org/schema';
import type { Classification } from '../../src/contract/common';
import { Random } from './random';
import { insertRows, type Query } from './write';
import {
  AGENCIES,
  CITIES,
  CITY_OFFICE_DEPTS,
  COUNTY_OFFICE_DEPTS,
  PROVINCE,
  PROVINCE_OFFICE_DEPTS,
  agencyName,
  countyNames,
  personName,
  sectionName,
} from './texts';

type Level = '省' | '市' | '县';
type UnitRow = typeof unit.$inferInsert;
type DeptRow = typeof department.$inferInsert;
type PersonRow = typeof person.$inferInsert;
type PostRow = typeof post.$inferInsert;

/** How big the organisation is; the default is the province of the issue, `mini` the conformance check's. */
export interface OrgShape {
  cities: number;
  countiesPerCity: number[];
  provinceAgencies: number;
  cityAgencies: number;
  countyAgencies: number;
  people: number;
  departments: number;
}

export const PROVINCE_SHAPE: OrgShape = {
  cities: 15,
  // 100 counties, unevenly spread as in a real province.
  countiesPerCity: [9, 8, 8, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 5, 5],
  provinceAgencies: 35,
  cityAgencies: 12,
  countyAgencies: 4,
  people: 20_000,
  departments: 2_000,
};

export const MINI_SHAPE: OrgShape = {
  cities: 2,
  countiesPerCity: [2, 1],
  provinceAgencies: 3,
  cityAgencies: 2,
  countyAgencies: 1,
  people: 400,
  departments: 60,
};

/** A unit that receives and handles documents; what the flow needs to know to pick people. */
interface Handler {
  unitId: string;
  name: string;
  /** 收发 of the unit: the people who receive a document given to the unit at 分办. */
  registrars: string[];
}

interface Section {
  id: string;
  unitId: string;
  name: string;
  /** The person who receives the section's 承办 task (the first post of the section). */
  headId: string;
}

/** A general office (办公厅/办公室): where documents arrive and are registered. */
export interface Office {
  index: number;
  level: Level;
  unitId: string;
  name: string;
  shortName: string;
  issuerCode: string;
  /** 文书 with the registrar role: each gets the 初审, 分办 and 办结 tasks. */
  registrars: string[];
  /** 办公室主任 (or 秘书长): proposes (拟办). */
  director: string;
  /** Leaders who instruct (批办) and read (阅知): the office's leaders and the committee's. */
  leaders: string[];
  sections: Section[];
  /** Units of the same level a document can be given to at 分办. */
  agencies: Handler[];
  /** 督查 with the supervisor role over the committee and everything below it. */
  supervisor: string;
  /** Who writes to this office: names and 机关代字 of superiors, peers, subordinates. */
  senders: { name: string; code: string }[];
  /** Share of the province's incoming documents that arrive here. */
  weight: number;
  /** 发文 register (for the 文号 operation). */
  registerId: string;
}

export interface OrgPlan {
  units: UnitRow[];
  departments: DeptRow[];
  people: (PersonRow & { username: string })[];
  posts: PostRow[];
  leaderInCharge: { postId: string; departmentId: string }[];
  roles: { id: string; personId: string; role: 'registrar' | 'supervisor'; unitId: string; includeSubordinates: boolean }[];
  registers: (typeof docRegister.$inferInsert)[];
  offices: Office[];
  personById: Map<string, PersonRow & { username: string }>;
  /** The post each person acts in after sign-in (their primary post). */
  primaryPost: Map<string, PostRow>;
}

export const BENCH_PASSWORD = 'Bench@2026zs';

/** Builds the organisation in memory: the same seed gives the same ids and names on every engine. */
export function planOrg(seed: string, shape: OrgShape, createdAt: Date): OrgPlan {
  const rng = new Random(`${seed}:org`);
  const plan: OrgPlan = {
    units: [],
    departments: [],
    people: [],
    posts: [],
    leaderInCharge: [],
    roles: [],
    registers: [],
    offices: [],
    personById: new Map(),
    primaryPost: new Map(),
  };
  let sort = 0;
  let usernameSeq = 0;
  const deptCount = new Map<string, number>();

  const addUnit = (
    name: string,
    shortName: string,
    issuerCode: string,
    level: Level,
    category: string,
    parentId: string | null,
  ): UnitRow => {
    const u: UnitRow = { id: rng.uuid(), parentId, name, shortName, issuerCode, level, category, sortOrder: sort++, createdAt };
    plan.units.push(u);
    for (const [family, suffix] of [
      ['发文', '发'],
      ['函', '函'],
    ] as const) {
      plan.registers.push({
        id: rng.uuid(),
        unitId: u.id,
        name: family,
        code: `${issuerCode}${suffix}`,
        kind: 'yearly',
        createdAt,
      });
    }
    return u;
  };
  const addDept = (unitId: string, name: string): DeptRow => {
    const sortOrder = deptCount.get(unitId) ?? 0;
    deptCount.set(unitId, sortOrder + 1);
    const d: DeptRow = { id: rng.uuid(), unitId, name, shortName: name, sortOrder, createdAt };
    plan.departments.push(d);
    return d;
  };
  const addPerson = (
    unitId: string,
    departmentId: string | null,
    title: string,
    isLeader: boolean,
    clearance: Classification,
  ): string => {
    const { name, gender } = personName(rng);
    const id = rng.uuid();
    const p = { id, name, gender, clearance, createdAt, username: `b${String(++usernameSeq).padStart(6, '0')}` };
    plan.people.push(p);
    plan.personById.set(id, p);
    const ps: PostRow = {
      id: rng.uuid(),
      personId: id,
      unitId,
      departmentId,
      title,
      isLeader,
      isPrimary: true,
      sortOrder: plan.posts.length,
      createdAt,
    };
    plan.posts.push(ps);
    plan.primaryPost.set(id, ps);
    return id;
  };
  const grant = (personId: string, role: 'registrar' | 'supervisor', unitId: string, includeSubordinates = false) =>
    plan.roles.push({ id: rng.uuid(), personId, role, unitId, includeSubordinates });
  const staffClearance = (): Classification => (rng.chance(0.06) ? '公开' : rng.chance(0.1) ? '秘密' : '内部');

  /** A 部门 with its sections; its 办公室 holds the 收发. */
  const addAgency = (
    base: (typeof AGENCIES)[number],
    level: Level,
    place: string,
    parentId: string,
    sections: number,
    people: number,
  ): Handler => {
    const name = level === '省' ? `${PROVINCE}省${agencyName(base.name, level)}` : `${place}${agencyName(base.name, level)}`;
    const u = addUnit(name, name.replace(/^江南省/, '省'), `${place.slice(0, 2)}${base.code}`, level, '部门', parentId);
    const depts = base.depts.slice(0, sections).map((d) => addDept(u.id, sectionName(d, level)));
    addPerson(u.id, null, level === '省' ? '厅（局）长' : '局长', true, '秘密');
    addPerson(u.id, null, '副局长', true, '秘密');
    const registrars = [addPerson(u.id, depts[0]?.id ?? null, '文书', false, '内部')];
    // Larger agencies (and some small ones) have a second 收发: either may take a document given to the unit.
    if (people > 40 || rng.chance(0.4)) registrars.push(addPerson(u.id, depts[0]?.id ?? null, '机要员', false, '秘密'));
    for (const r of registrars) grant(r, 'registrar', u.id);
    let left = people - 2 - registrars.length;
    for (let i = 0; left > 0; i++, left--) {
      const d = depts[i % Math.max(depts.length, 1)];
      addPerson(u.id, d?.id ?? null, i < depts.length ? '处（科）长' : '科员', false, staffClearance());
    }
    return { unitId: u.id, name, registrars };
  };

  /** A party committee with its office; the office's sections and people; the committee's leaders. */
  const addOffice = (
    level: Level,
    place: string,
    code: string,
    parentId: string | null,
    deptNames: string[],
    officePeople: number,
    weight: number,
  ): { office: Office; committeeId: string; govId: string } => {
    const committeeName = level === '省' ? `中共${place}省委` : `中共${place}委`;
    const committee = addUnit(committeeName, committeeName.replace(/^中共/, ''), `${code}委`, level, '党委', parentId);
    const officeName = level === '省' ? `${committeeName}办公厅` : `${committeeName}办公室`;
    const office = addUnit(
      officeName,
      level === '省' ? '省委办公厅' : `${committeeName.replace(/^中共/, '')}办`,
      `${code}委办`,
      level,
      '党委办公室',
      committee.id,
    );
    const gov = addUnit(
      level === '省' ? `${place}省人民政府` : `${place}人民政府`,
      level === '省' ? '省政府' : `${place}政府`,
      `${code}政`,
      level,
      '政府',
      committee.id,
    );
    const sections = deptNames.map((n) => addDept(office.id, n));
    const committeeLeaders = [
      addPerson(committee.id, null, level === '县' ? '县委书记' : level === '市' ? '市委书记' : '省委书记', true, '机密'),
    ];
    committeeLeaders.push(addPerson(committee.id, null, '副书记', true, '机密'));
    if (level !== '县') committeeLeaders.push(addPerson(committee.id, null, '常委、秘书长', true, '机密'));
    const leaderTitles =
      level === '省'
        ? ['办公厅主任', '副主任', '副主任', '副主任', '副秘书长', '副秘书长']
        : level === '市'
          ? ['办公室主任', '副主任', '副主任', '副秘书长']
          : ['办公室主任', '副主任', '副主任'];
    const officeLeaders = leaderTitles.map((t) => addPerson(office.id, null, t, true, '秘密'));
    // 分管: each office leader is in charge of some sections, in turn.
    sections.forEach((s, i) => {
      const leaderPost = plan.primaryPost.get(officeLeaders[i % officeLeaders.length]!)!;
      plan.leaderInCharge.push({ postId: leaderPost.id, departmentId: s.id });
    });
    const wendian = sections.find((s) => /文电/.test(s.name)) ?? sections[0]!;
    const ducha = sections.find((s) => /督查/.test(s.name)) ?? sections[0]!;
    // A section's first post receives its 承办 tasks (the flow's rule), so the heads come first.
    const heads = sections.map((s) => ({
      id: s.id,
      unitId: office.id,
      name: s.name,
      headId: addPerson(
        office.id,
        s.id,
        s.name.endsWith('处') || s.name.endsWith('局') ? '处长' : s.name.endsWith('股') ? '股长' : '科长',
        false,
        '秘密',
      ),
    }));
    const registrarCount = level === '省' ? 4 : level === '市' ? 3 : 2;
    const registrars = Array.from({ length: registrarCount }, (_, i) =>
      addPerson(office.id, wendian.id, i === 0 ? '文书' : i === 1 ? '机要员' : '收发员', false, i === 1 ? '秘密' : '内部'),
    );
    for (const r of registrars) grant(r, 'registrar', office.id);
    const supervisor = heads.find((h) => h.id === ducha.id)!.headId;
    grant(supervisor, 'supervisor', committee.id, true);
    let left = officePeople - officeLeaders.length - registrars.length - heads.length;
    for (let i = 0; left > 0; i++, left--) {
      const s = sections[i % sections.length]!;
      addPerson(
        office.id,
        s.id,
        rng.pick(['一级科员', '二级主任科员', '四级主任科员', '三级调研员', '科员']),
        false,
        staffClearance(),
      );
    }
    const registerId = plan.registers.find((r) => r.unitId === office.id && r.name === '发文')!.id;
    return {
      committeeId: committee.id,
      govId: gov.id,
      office: {
        index: plan.offices.length,
        level,
        unitId: office.id,
        name: officeName,
        shortName: office.shortName,
        issuerCode: `${code}委办`,
        registrars,
        director: officeLeaders[0]!,
        leaders: [...officeLeaders, ...committeeLeaders],
        sections: heads,
        agencies: [],
        supervisor,
        senders: [],
        weight,
        registerId,
      },
    };
  };

  // ——— the province ———
  const counties = countyNames(
    rng,
    shape.countiesPerCity.reduce((a, b) => a + b, 0),
  );
  const totalOfficeDepts = PROVINCE_OFFICE_DEPTS.length + shape.cities * CITY_OFFICE_DEPTS.length;
  const agencyUnits = shape.provinceAgencies + shape.cities * shape.cityAgencies + counties.length * shape.countyAgencies;
  // Sections per county office and per agency, so that the departments add up to the shape's total.
  const countyDepts = Math.max(
    3,
    Math.min(
      COUNTY_OFFICE_DEPTS.length,
      Math.floor((shape.departments - totalOfficeDepts - agencyUnits * 2) / Math.max(counties.length, 1)),
    ),
  );
  const agencyBudget = shape.departments - totalOfficeDepts - counties.length * countyDepts;

  // Documents: the provincial office gets about 8 %, each city office 2.4 %, the counties share the rest.
  const countyWeight = counties.length ? (1 - 0.08 - 0.024 * shape.cities) / counties.length : 0;
  const province = addOffice('省', PROVINCE, PROVINCE, null, PROVINCE_OFFICE_DEPTS, 240, 0.08);
  plan.offices.push(province.office);
  const people = { office: { 省: 240, 市: 70, 县: 34 } };
  const agencySections = (n: number, i: number, budget: number) =>
    Math.max(1, Math.min(5, Math.floor(budget / n) + (i < budget % n ? 1 : 0)));
  let agencyIndex = 0;
  // Whoever is not in an office or a committee works in an agency.
  const agencyPeople = (level: Level) => {
    const officePeople = people.office['省'] + shape.cities * people.office['市'] + counties.length * people.office['县'];
    const committeePeople = 5 + shape.cities * 5 + counties.length * 2;
    const left = shape.people - officePeople - committeePeople - 6 * (1 + shape.cities) - 5 * counties.length;
    // Provincial agencies are twice a city's, a city's twice a county's.
    const units = shape.provinceAgencies * 4 + shape.cities * shape.cityAgencies * 2 + counties.length * shape.countyAgencies;
    return Math.max(4, Math.floor((left / units) * (level === '省' ? 4 : level === '市' ? 2 : 1)));
  };
  for (let i = 0; i < shape.provinceAgencies; i++) {
    province.office.agencies.push(
      addAgency(
        AGENCIES[i % AGENCIES.length]!,
        '省',
        PROVINCE,
        province.govId,
        agencySections(agencyUnits, agencyIndex++, agencyBudget),
        agencyPeople('省'),
      ),
    );
  }
  let c = 0;
  for (let ci = 0; ci < shape.cities; ci++) {
    const city = `${CITIES[ci]}市`;
    const cityOffice = addOffice(
      '市',
      city,
      CITIES[ci]!.slice(0, 1),
      province.committeeId,
      CITY_OFFICE_DEPTS,
      people.office['市'],
      0.024,
    );
    plan.offices.push(cityOffice.office);
    for (let a = 0; a < shape.cityAgencies; a++) {
      cityOffice.office.agencies.push(
        addAgency(
          AGENCIES[(a * 3 + ci) % AGENCIES.length]!,
          '市',
          city,
          cityOffice.govId,
          agencySections(agencyUnits, agencyIndex++, agencyBudget),
          agencyPeople('市'),
        ),
      );
    }
    for (let k = 0; k < shape.countiesPerCity[ci]!; k++) {
      const county = `${counties[c++]}县`;
      const cc = addOffice(
        '县',
        `${city}${county}`,
        county.slice(0, 1),
        cityOffice.committeeId,
        COUNTY_OFFICE_DEPTS.slice(0, countyDepts),
        people.office['县'],
        countyWeight,
      );
      cc.office.shortName = `${county}委办`;
      plan.offices.push(cc.office);
      for (let a = 0; a < shape.countyAgencies; a++) {
        cc.office.agencies.push(
          addAgency(
            AGENCIES[(a * 7 + c) % AGENCIES.length]!,
            '县',
            county,
            cc.govId,
            agencySections(agencyUnits, agencyIndex++, agencyBudget),
            agencyPeople('县'),
          ),
        );
      }
    }
  }
  // Top up or trim the last agency staff so that the headcount is exactly the shape's.
  while (plan.people.length < shape.people) {
    const o = plan.offices[plan.people.length % plan.offices.length]!;
    const s = o.sections[plan.people.length % o.sections.length]!;
    addPerson(o.unitId, s.id, '科员', false, staffClearance());
  }
  if (plan.people.length > shape.people) trimPeople(plan, shape.people);
  assignSenders(plan);
  return plan;
}

/** Drops plain staff (no role, no leadership) from the end until the headcount fits. */
function trimPeople(plan: OrgPlan, target: number) {
  const protectedIds = new Set([
    ...plan.roles.map((r) => r.personId),
    ...plan.posts.filter((p) => p.isLeader).map((p) => p.personId),
    ...plan.offices.flatMap((o) => o.sections.map((s) => s.headId)),
  ]);
  const drop = new Set<string>();
  for (let i = plan.people.length - 1; i >= 0 && plan.people.length - drop.size > target; i--) {
    const id = plan.people[i]!.id;
    if (!protectedIds.has(id)) drop.add(id);
  }
  plan.people = plan.people.filter((p) => !drop.has(p.id));
  plan.posts = plan.posts.filter((p) => !drop.has(p.personId));
  for (const id of drop) {
    plan.personById.delete(id);
    plan.primaryPost.delete(id);
  }
}

function assignSenders(plan: OrgPlan) {
  const provinceOffice = plan.offices[0]!;
  const national = [
    { name: '中共中央办公厅', code: '中办发' },
    { name: '国务院办公厅', code: '国办发' },
    { name: '国务院办公厅', code: '国办函' },
    { name: '应急管理部', code: '应急' },
    { name: '财政部', code: '财预' },
    { name: '国家发展和改革委员会', code: '发改办' },
    { name: '生态环境部', code: '环办' },
  ];
  const units = new Map(plan.units.map((u) => [u.id, u]));
  // An office's committee is its parent; the committee above is the committee's parent.
  const committeeOf = (o: Office) => units.get(o.unitId)!.parentId!;
  const officeOfCommittee = new Map(plan.offices.map((o) => [committeeOf(o), o]));
  const agencySenders = (o: Office) => o.agencies.map((a) => ({ name: a.name, code: units.get(a.unitId)!.issuerCode! }));
  const children = new Map<string, Office[]>();
  for (const o of plan.offices) {
    const up = units.get(committeeOf(o))!.parentId;
    if (up) children.set(up, [...(children.get(up) ?? []), o]);
  }
  for (const o of plan.offices) {
    const up = units.get(committeeOf(o))!.parentId;
    const superior = up ? officeOfCommittee.get(up) : undefined;
    const from = superior
      ? (['发', '函', '电'] as const).map((s) => ({ name: superior.name, code: `${superior.issuerCode}${s}` }))
      : national;
    o.senders = [
      ...from,
      ...from,
      ...agencySenders(superior ?? provinceOffice).filter(() => o.level !== '省'),
      ...agencySenders(o),
      ...(children.get(committeeOf(o)) ?? []).map((x) => ({ name: x.name, code: `${x.issuerCode}发` })),
    ];
  }
}

// ——— writing it ———

/**
 * Writes the organisation the way the demo seed does (org rows are configuration, not history), in one
 * transaction. Every account shares one argon2 hash of the bench password.
 */
export async function insertOrg(q: Query, plan: OrgPlan, passwordHash: string, now: Date) {
  await insertRows(q, unit, plan.units);
  await insertRows(q, department, plan.departments);
  await insertRows(q, docRegister, plan.registers);
  await insertRows(
    q,
    person,
    plan.people.map(({ username: _u, ...p }) => p),
  );
  await insertRows(
    q,
    account,
    plan.people.map((p) => ({ personId: p.id, username: p.username, passwordHash, mustChangePassword: false, createdAt: now })),
  );
  await insertRows(q, post, plan.posts);
  await insertRows(
    q,
    leaderInCharge,
    plan.leaderInCharge.map((l) => ({ ...l, createdAt: now })),
  );
  await insertRows(
    q,
    roleGrant,
    plan.roles.map((r) => ({ ...r, grantedBy: null, createdAt: now })),
  );
}

/** The seed as one event in the audit chain, as the demo seed records itself. */
export async function recordOrgSeed(tx: Tx, plan: OrgPlan, now: Date) {
  await recordEvent(tx, { personId: null, postId: null, requestId: 'bench-seed' }, now, {
    action: 'org.bench.seed',
    targetType: 'organisation',
    summary: { units: plan.units.length, departments: plan.departments.length, people: plan.people.length },
  });
}
