#!/usr/bin/env bash
# Installs the `briefing` tool for a briefing's CI, as `briefing init` writes it to
# .github/install-briefing.sh (the workflow .github/workflows/briefing.yml runs it).
#
#   BRIEFING_GIT  the Git URL of the tool's repository, e.g. https://github.com/OWNER/briefing
#   BRIEFING_REF  a release tag (v0.2.0), a branch (main) or a commit
#
# When BRIEFING_REF is a release tag and the repository is on GitHub, the released binary for
# this runner is downloaded and checked against its published SHA-256: seconds instead of a
# compile. Otherwise, or when no binary is published for the runner, it is built with
# `cargo install`, from the tag, the branch or the commit named.
set -euo pipefail

if [ "${BRIEFING_GIT:-BRIEFING_GIT}" = BRIEFING_GIT ]; then
  echo "::error file=.github/workflows/briefing.yml::set BRIEFING_GIT to the Git URL of the briefing tool"
  exit 1
fi
ref=${BRIEFING_REF:-main}
bin_dir=${BRIEFING_BIN_DIR:-$HOME/.cargo/bin}

# A release tag: v followed by a version number.
is_tag() { [[ $1 =~ ^v[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?$ ]]; }
# A commit: 7 to 40 hexadecimal digits.
is_commit() { [[ $1 =~ ^[0-9a-f]{7,40}$ ]]; }

target() {
  local arch os
  arch=$(uname -m)
  os=$(uname -s)
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    arm64 | aarch64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-gnu" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    *) return 1 ;;
  esac
}

released() { # released TAG: downloads and checks the release archive for this runner
  local repo=${BRIEFING_GIT%.git} name url work
  [[ $repo == https://github.com/* ]] || return 1
  name="briefing-$(target)" || return 1
  url="$repo/releases/download/$1/$name.tar.xz"
  work=$(mktemp -d)
  curl -fsSL --retry 3 -o "$work/$name.tar.xz" "$url" || return 1
  curl -fsSL --retry 3 -o "$work/$name.tar.xz.sha256" "$url.sha256" || return 1
  (cd "$work" && sha256sum -c "$name.tar.xz.sha256") || return 1
  tar -xJf "$work/$name.tar.xz" -C "$work"
  mkdir -p "$bin_dir"
  install -m 755 "$work/$name/briefing" "$bin_dir/briefing"
  echo "installed the released briefing $1 ($name)"
}

if is_tag "$ref"; then
  released "$ref" && exit 0
  echo "no released binary of $ref for this runner; building it"
  from=(--tag "$ref")
elif is_commit "$ref"; then
  from=(--rev "$ref")
else
  from=(--branch "$ref")
fi
cargo install --locked --git "$BRIEFING_GIT" "${from[@]}" briefing
