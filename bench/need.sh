# Sourced by the benchmark scripts: `need COMMAND PACKAGE` installs Debian's PACKAGE when
# COMMAND is missing (apt-get update once per script).
export DEBIAN_FRONTEND=noninteractive
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq "$2" >/dev/null
}
