#!/usr/bin/env bash
# Makes sure the dovecot binary is there for DovecotImapFetchTest, which starts its own Dovecot
# (its own conf, port and folder) and stops it again. Installs Debian's dovecot-imapd when it is
# missing; does nothing when it is present. The system service is never started: the package
# install may try, and policy-rc.d or a missing init system stops it, which is what we want.
set -euo pipefail

if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then
  echo "dovecot is installed: $( (command -v dovecot || echo /usr/sbin/dovecot) | head -1) $(/usr/sbin/dovecot --version 2>/dev/null || dovecot --version)"
  exit 0
fi

echo "dovecot is not installed: installing dovecot-imapd from Debian"
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: installing dovecot-imapd needs root; run: apt-get install -y dovecot-imapd" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
/usr/sbin/dovecot --version
