import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './platform/db/client';
import { DataDirLockedError } from './platform/db/lock';
import { migrateFor } from './platform/db/roles';
import { systemClock } from './platform/clock';
import { ensureKeyedChain } from './platform/audit/service';
import { deriveAuditKey, loadAuditSecret, useAuditKey } from './platform/audit/key';
import { checkSeal, exportSeal, verifyLog } from './platform/audit/seal';
import { nameChains } from './platform/audit/names';
import { describeBreak } from './platform/audit/check';
import { keptSealSchema } from '../contract/audit';
import { createUser, resetPassword, setAccountDisabled, unlockAccount } from './platform/auth/accounts';
import { readNewPassword } from './platform/auth/password-input';
import { importYear, seedBundledCalendar } from './platform/calendar/service';
import { calendarYearImportSchema } from './platform/calendar/import-format';
import { backup, restore } from './platform/backup/backup';
import { ADMIN_ROLES, type AdminRole } from './platform/access/actor';
import { assignAdminRole } from './org/security';
import { seedDemo } from './org/demo-seed';
import { demoAccountLines } from './org/demo-accounts';
import { buildApp } from './app';
import { prepareDatabase } from './startup';
import { exitOnSignals } from './shutdown';
import { createBlobStore, stagingDir } from './platform/files/store';
import { verifyFiles, type FixityProblem } from './platform/files/verify';
import { encryptStoredFiles } from './platform/files/encrypt';
import { addDataKey, loadDataKeys } from './platform/encryption/keys';

const HELP = `中枢 Zhongshu 命令行

用法: npx zhongshu <命令> [参数]   （或 npm run cli -- <命令> …）

  serve                         启动服务（自动迁移；首次启动载入日历${'，'}演示模式下载入演示单位）
  migrate                       只执行数据库迁移
  seed-demo                     在空库中载入演示单位与账号
  user create --name 姓名 --username 用户名 [--admin-role sysAdmin|securityAdmin|securityAuditor]
  user reset-password --username 用户名      （临时密码按提示输入，不回显；或由标准输入第一行传入）
  user unlock --username 用户名              解除登录锁定（管理员账号只能这样恢复）
  user enable --username 用户名              重新启用账号
  calendar import 文件.json     导入一年的日历（{year, notice, offDays, makeupWorkdays}）
  audit verify [--seal 封存.json] 校验留痕哈希链（以留痕密钥），指出第一条被改动的记录；附封存文件则同时查截断
  audit seal 文件               校验后封存当前链头到文件（由审计员保存于系统之外）
  files verify                  解密并重新计算全部文件的 SM3，指出缺失、被改动或密钥缺失的文件，并按密钥计数
  files encrypt                 以当前数据密钥加密明文存放的文件、重新加密旧密钥加密的文件（可重复执行）
  data-key list                 列出数据密钥的编号（当前密钥在前；不显示密钥本身）
  data-key add                  生成新的当前数据密钥写入密钥文件首行，原密钥留作旧密钥（随后运行 files encrypt）
  backup 文件                   备份全部数据到一个文件（SM4 加密并以 HMAC-SM3 签名）
  restore 文件 [--allow-plain]  把备份恢复到一个空库（先自动迁移）；未加密的旧格式备份须加 --allow-plain
  （数据密钥：ZHONGSHU_DATA_KEY 或 ZHONGSHU_DATA_KEY_FILE，旧密钥 ZHONGSHU_DATA_OLD_KEYS；内嵌库或演示不设时自动生成于数据目录 data.key）

环境变量: DATABASE_URL（PostgreSQL；不设则用内嵌 PGlite）、ZHONGSHU_DATA_DIR（默认 ./data）、PORT（默认 3000）、
ZHONGSHU_DEMO（默认 1）、ZHONGSHU_CLASSIFICATION_CEILING（默认 内部）、ZHONGSHU_AUDIT_KEY / ZHONGSHU_AUDIT_KEY_FILE
（留痕密钥；内嵌库或演示不设时自动生成于数据目录 audit.key）、ZHONGSHU_MIGRATE_DATABASE_URL（以属主角色执行迁移）。`;

const cliAudit = { personId: null, postId: null, requestId: 'cli' };

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    useAuditKey(deriveAuditKey(loadAuditSecret(config)));
    await migrateFor(config, database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function serve(config: Config) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  useAuditKey(deriveAuditKey(loadAuditSecret(config)));
  const {
    calendarYears: added,
    demo: seeded,
    administrators,
  } = await prepareDatabase(database, {
    migrate: (d) => migrateFor(config, d),
    demo: config.demo,
    audit: cliAudit,
    now: systemClock.now(),
  });
  if (administrators.length) {
    // Printed once, before anything else can fail (a port in use), and nowhere else — not in the log, not in the
    // database: whoever starts the server hands them over.
    const first = ['首次启动，已创建三员账号。以下一次性密码只显示这一次，请立即交给本人；首次登录须修改密码：'];
    for (const a of administrators) first.push(`  ${a.username.padEnd(10)} ${a.name.padEnd(8)} ${a.password}`);
    console.log(first.join('\n'));
  }
  const app = await buildApp({ database, config });
  exitOnSignals(app, database);
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite（${config.dataDir}）`;
  const lines = [
    `中枢已启动: http://localhost:${config.port}/  （数据库: ${where}）`,
    `接口文档: http://localhost:${config.port}/api/docs`,
  ];
  if (added.length) lines.push(`已载入官方工作日日历: ${added.join('、')} 年`);
  if (seeded?.seeded) lines.push(`已载入演示单位: ${seeded.units} 个单位, ${seeded.people} 人`);
  if (config.host === '127.0.0.1' || config.host === 'localhost') {
    lines.push(
      `只在本机监听（${config.host}）${config.demo ? '：演示模式的密码是公开的' : ''}；要让其他电脑访问，请${config.demo ? '关闭演示模式（ZHONGSHU_DEMO=0）并' : ''}设置 HOST=0.0.0.0`,
    );
  }
  if (config.demo) lines.push(...demoAccountLines());
  console.log(lines.join('\n'));
}

async function main(argv: string[]) {
  const [cmd, sub, ...rest] = argv;
  const config = loadConfig();
  const flags = parseArgs({
    args: cmd === 'user' || cmd === 'calendar' ? rest : [sub, ...rest].filter((x): x is string => x !== undefined),
    options: {
      name: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'admin-role': { type: 'string' },
      'allow-plain': { type: 'boolean' },
      seal: { type: 'string' },
    },
    allowPositionals: true,
  });
  const now = systemClock.now();
  switch (cmd) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return withDb(config, async () => console.log('数据库迁移完成'));
    case 'seed-demo':
      return withDb(config, async (d) => {
        await d.db.transaction((tx) => seedBundledCalendar(tx, cliAudit, now));
        const r = await seedDemo(d.db, now);
        console.log(r.seeded ? `已载入演示单位: ${r.units} 个单位, ${r.people} 人` : '数据库中已有单位，未载入演示数据');
      });
    case 'user': {
      const { name, username } = flags.values;
      if (flags.values.password !== undefined) {
        throw new Error('不再从命令行接受密码（会留在 shell 历史和进程列表中）：去掉 --password，按提示输入，或从标准输入传入');
      }
      if (!sub || !['create', 'reset-password', 'unlock', 'enable'].includes(sub))
        throw new Error('用法: user create|reset-password|unlock|enable …');
      if (!username) throw new Error('请提供 --username');
      if (sub === 'create' && !name) throw new Error('请提供 --name');
      const role = flags.values['admin-role'];
      if (role && !(ADMIN_ROLES as readonly string[]).includes(role))
        throw new Error(`--admin-role 只能是 ${ADMIN_ROLES.join(' / ')}`);
      // Asked before the database is opened, so that nobody typing holds the embedded database's lock.
      const password =
        sub === 'create' || sub === 'reset-password' ? await readNewPassword(process.stdin, process.stderr, '临时密码') : '';
      return withDb(config, async (d) => {
        if (sub === 'create') {
          const id = await createUser(
            d.db,
            null,
            { name: name!, gender: null, username, temporaryPassword: password },
            cliAudit,
            now,
          );
          if (role) await d.db.transaction((tx) => assignAdminRole(tx, id, role as AdminRole, cliAudit, now));
          console.log(`已创建用户 ${username}${role ? `（${role}）` : ''}；首次登录须修改密码`);
          return;
        }
        const { account } = await import('./platform/auth/schema');
        const { eq } = await import('drizzle-orm');
        const [acc] = await d.db.select().from(account).where(eq(account.username, username.toLowerCase()));
        if (!acc) throw new Error(`用户 ${username} 不存在`);
        // The recovery of an administrator's account (三员分立 lets no administrator do it in the system); audited as the CLI.
        if (sub === 'reset-password') {
          await resetPassword(d.db, null, acc.personId, password, cliAudit, now);
          console.log(`已重置 ${username} 的密码并解锁；下次登录须修改密码`);
        } else if (sub === 'unlock') {
          await unlockAccount(d.db, null, acc.personId, cliAudit, now);
          console.log(`已解锁 ${username}`);
        } else {
          await setAccountDisabled(d.db, null, acc.personId, false, cliAudit, now);
          console.log(`已启用 ${username} 的账号`);
        }
      });
    }
    case 'calendar':
      return withDb(config, async (d) => {
        const file = flags.positionals[0];
        if (sub !== 'import' || !file) throw new Error('用法: calendar import 文件.json');
        const parsed = calendarYearImportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (!parsed.success)
          throw new Error(`日历文件格式有误: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        const r = await d.db.transaction((tx) => importYear(tx, null, parsed.data, cliAudit, now));
        console.log(`已导入 ${parsed.data.year} 年日历（第 ${r.version} 版）`);
      });
    case 'audit':
      return withDb(config, async (d) => {
        if (sub === 'seal') {
          const file = flags.positionals[1];
          if (!file) throw new Error('用法: audit seal 文件');
          const seal = await exportSeal(d.db, null, cliAudit, now);
          writeFileSync(file, `${JSON.stringify(seal, null, 2)}\n`, { flag: 'wx' });
          console.log(
            `已封存 ${seal.heads.length} 条链的链头（共 ${seal.heads.reduce((n, h) => n + h.seq, 0)} 条），写入 ${file}；请保存在系统之外`,
          );
          return;
        }
        if (sub !== 'verify') throw new Error('用法: audit verify [--seal 封存.json] | audit seal 文件');
        const sealed = flags.values.seal
          ? await checkSeal(d.db, keptSealSchema.parse(JSON.parse(readFileSync(flags.values.seal, 'utf8'))))
          : null;
        // A log last written before the upgrade gets its keyed head now, as the server would on start.
        await ensureKeyedChain(d.db, now);
        const r = await verifyLog(d.db);
        if (r.ok) console.log(`留痕哈希链完整：${r.chains.length} 条链，共 ${r.checked} 条`);
        else {
          for (const b of await nameChains(d.db, r.breaks)) console.error(`留痕哈希链断裂：${describeBreak(b)}`);
          console.error(`${r.chains.length} 条链中 ${r.breaks.length} 条断裂；共校验 ${r.checked} 条`);
          process.exitCode = 3;
        }
        if (sealed?.ok) console.log(`封存的 ${sealed.heads} 条链头（${sealed.sealedAt}）仍在，此前记录条数相符`);
        else if (sealed) {
          for (const b of await nameChains(d.db, sealed.problems))
            console.error(`封存的链头（${sealed.sealedAt}）不符：${describeBreak(b)}`);
          process.exitCode = 3;
        }
      });
    case 'files':
      return withDb(config, async (d) => {
        if (sub !== 'verify' && sub !== 'encrypt') throw new Error('用法: files verify | files encrypt');
        const { keys } = loadDataKeys(config);
        const store = createBlobStore(config.files, keys);
        const what = { missing: '缺失', altered: '被改动', 'unknown-key': '密钥未配置' };
        const describe = (p: FixityProblem) =>
          `${what[p.problem]}：SM3 ${p.sm3}（文件 ${p.fileIds.join('、')}）${p.detail ?? ''}`;
        if (sub === 'encrypt') {
          const r = await encryptStoredFiles(d.db, store, stagingDir(config.files), cliAudit, now);
          for (const p of r.problems) console.error(describe(p));
          console.log(
            `当前数据密钥 ${r.keyId}：共 ${r.checked} 份内容，新加密 ${r.encrypted} 份（原为明文），重新加密 ${r.rekeyed} 份（原为旧密钥），${r.current} 份已是当前密钥`,
          );
          if (r.problems.length) {
            console.error(`${r.problems.length} 份内容未能加密，保持原样；请先核查（files verify）`);
            process.exitCode = 3;
          }
          return;
        }
        const r = await verifyFiles(d.db, store);
        const keyName = (k: string) => (k === 'plain' ? '明文' : `密钥 ${k}${k === keys.current.id ? '（当前）' : ''}`);
        const byKey = Object.entries(r.keys).map(([k, n]) => `${keyName(k)} ${n} 份`);
        if (byKey.length) console.log(`存放方式：${byKey.join('，')}`);
        if (r.ok) console.log(`文件固定性校验通过：共 ${r.checked} 份内容，SM3 与上传时一致`);
        else {
          for (const p of r.problems) console.error(describe(p));
          console.error(`文件固定性校验未通过：${r.problems.length} 份内容有问题，共检查 ${r.checked} 份`);
          process.exitCode = 3;
        }
      });
    case 'data-key': {
      if (sub === 'add') {
        const r = addDataKey(config);
        console.log(
          `已生成新的当前数据密钥 ${r.id}，写入 ${r.path} 首行；原当前密钥 ${r.previous} 留作旧密钥。重启服务后运行 files encrypt 重新加密已存文件`,
        );
        return;
      }
      if (sub !== 'list') throw new Error('用法: data-key list | data-key add');
      const { keys, source } = loadDataKeys(config);
      const [current, ...old] = keys.ids();
      const from = source.kind === 'env' ? '环境变量' : `文件 ${source.path}`;
      console.log(`数据密钥来自${from}：当前 ${current}${old.length ? `；旧密钥（只用于读取） ${old.join('、')}` : ''}`);
      return;
    }
    case 'backup':
      return withDb(config, async (d) => {
        if (!sub) throw new Error('用法: backup 文件');
        const r = await backup(d, sub, { keys: loadDataKeys(config).keys, audit: cliAudit, now });
        console.log(`已备份 ${r.tables} 张表、${r.rows} 行到 ${sub}（以数据密钥 ${r.keyId} 加密签名；恢复时须配置该密钥）`);
      });
    case 'restore':
      return withDb(config, async (d) => {
        const file = flags.positionals[0];
        if (!file) throw new Error('用法: restore 文件 [--allow-plain]');
        const allowPlain = flags.values['allow-plain'];
        const r = await restore(d, file, { keys: loadDataKeys(config).keys, audit: cliAudit, now, allowPlain });
        console.log(
          `已恢复 ${r.tables} 张表、${r.rows} 行${r.keyId ? '' : '（未加密的旧格式备份）'}；可运行 audit verify 校验留痕`,
        );
      });
    default:
      console.log(HELP);
      if (cmd && cmd !== 'help' && cmd !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof DataDirLockedError) console.error(e.message);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
