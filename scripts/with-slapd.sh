#!/usr/bin/env bash
# Runs a command beside a throwaway OpenLDAP directory (Debian's slapd) on loopback, so the LDAP
# writeback connector's tests run against the real thing (issue 9, spec §5 writeback and unlock).
# Needs Debian's slapd and ldap-utils: as root it installs them with apt-get when missing (without
# letting the package start or configure a system slapd); otherwise it stops with a clear message.
# The directory: base dc=contoso,dc=com (mdb), the ppolicy overlay with a default policy (minimum
# length 8, so the directory itself can refuse a password), a writeback agent allowed to set
# passwords and clear lockouts, five users (uid, mail uid@contoso.com), and the demo tenant's synced
# users (johanna.lorenz, grady.archie, nestor.wilke: mail = their UPN). It exports to the command:
#   SSPR_TEST_LDAP_URL, SSPR_TEST_LDAP_BIND_DN, SSPR_TEST_LDAP_BIND_PASSWORD, SSPR_TEST_LDAP_BASE_DN
#   (the agent), SSPR_TEST_LDAP_ROOT_DN, SSPR_TEST_LDAP_ROOT_PASSWORD (for the tests' own setup)
#   SSPR_TEST_LDAP_USER_PASSWORD (every user's first password), SSPR_TEST_LDAPS_URL (the same
#   directory over TLS from the first byte; StartTLS works on the plain URL) and SSPR_TEST_LDAP_CA
#   (the self-signed certificate for 127.0.0.1 it presents, test/fixtures/loopback-tls).
# slapd is stopped and its folder removed when the command ends, whatever happens.
# Usage: with-slapd.sh COMMAND [ARG...]
set -euo pipefail
packages=(slapd ldap-utils)
slapd_bin=/usr/sbin/slapd

have_tools() { [ -x "$slapd_bin" ] && command -v slappasswd >/dev/null 2>&1 && command -v ldapadd >/dev/null 2>&1; }

if [ $# -eq 0 ]; then
  echo "with-slapd: usage: with-slapd.sh COMMAND [ARG...]" >&2
  exit 2
fi
if ! have_tools; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "with-slapd: needs OpenLDAP; install it with: sudo apt-get install -y ${packages[*]}" >&2
    exit 3
  fi
  echo "with-slapd: installing ${packages[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # No default database from the postinst, and no service started: a policy-rc.d that refuses
  # every start (exit 101) for the length of the install, unless the machine already has one.
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  created_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  install_status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; } || install_status=$?
  if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  [ "$install_status" -eq 0 ] || { echo "with-slapd: apt-get failed ($install_status)" >&2; exit 3; }
  # Belt and braces: should a system slapd have started anyway, stop it.
  if [ -f /run/slapd/slapd.pid ] && kill -0 "$(cat /run/slapd/slapd.pid)" 2>/dev/null; then
    kill "$(cat /run/slapd/slapd.pid)" || true
  fi
  have_tools || { echo "with-slapd: slapd or ldap-utils still missing after apt-get" >&2; exit 3; }
fi

dir=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base=dc=contoso,dc=com
root_dn=cn=admin,$base
agent_dn=cn=sspr-agent,ou=services,$base
root_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
agent_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
user_password='Initial-Passw0rd'
mkdir -p "$dir/db" "$dir/run"

# The ppolicy schema is built into the overlay from OpenLDAP 2.5; 2.4 shipped it as a file.
ppolicy_schema=
if [ -f /etc/ldap/schema/ppolicy.schema ]; then ppolicy_schema="include /etc/ldap/schema/ppolicy.schema"; fi
# TLS with the repository's self-signed loopback certificate (IP 127.0.0.1, DNS localhost).
tls_fixtures=$(cd "$(dirname "$0")/../test/fixtures/loopback-tls" && pwd)
cp "$tls_fixtures/localhost.crt" "$tls_fixtures/localhost.key" "$dir/"
chmod 600 "$dir/localhost.key"
cat >"$dir/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
$ppolicy_schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile $dir/run/slapd.pid
argsfile $dir/run/slapd.args
TLSCertificateFile $dir/localhost.crt
TLSCertificateKeyFile $dir/localhost.key

database mdb
suffix "$base"
rootdn "$root_dn"
rootpw $(slappasswd -s "$root_password")
directory $dir/db
maxsize 67108864
index objectClass eq
index uid,mail eq

overlay ppolicy
ppolicy_default "cn=default,ou=policies,$base"
ppolicy_hash_cleartext
ppolicy_use_lockout

access to attrs=userPassword
  by dn.exact="$agent_dn" write
  by self write
  by anonymous auth
  by * none
access to attrs=pwdAccountLockedTime,pwdFailureTime
  by dn.exact="$agent_dn" write
  by * read
access to *
  by dn.exact="$agent_dn" read
  by self read
  by users read
  by * none
EOF
# -u: the database is created by slapadd below, so slaptest must not try to open it.
slaptest -f "$dir/slapd.conf" -u -Q

cat >"$dir/base.ldif" <<EOF
dn: $base
objectClass: dcObject
objectClass: organization
o: Contoso
dc: contoso

dn: ou=people,$base
objectClass: organizationalUnit
ou: people

dn: ou=services,$base
objectClass: organizationalUnit
ou: services

dn: ou=policies,$base
objectClass: organizationalUnit
ou: policies

dn: cn=default,ou=policies,$base
objectClass: organizationalRole
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: 8
pwdCheckQuality: 2
pwdInHistory: 3
pwdLockout: TRUE
pwdMaxFailure: 5
pwdLockoutDuration: 1800
pwdFailureCountInterval: 1800
pwdMustChange: FALSE
pwdAllowUserChange: TRUE
pwdSafeModify: FALSE

dn: $agent_dn
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: sspr-agent
userPassword: $(slappasswd -s "$agent_password")
EOF
for user in adele:Adele:Vance alex:Alex:Wilber megan:Megan:Bowen lynne:Lynne:Robbins diego:Diego:Siciliani \
  johanna.lorenz:Johanna:Lorenz grady.archie:Grady:Archie nestor.wilke:Nestor:Wilke; do
  IFS=: read -r uid given sn <<<"$user"
  cat >>"$dir/base.ldif" <<EOF

dn: uid=$uid,ou=people,$base
objectClass: inetOrgPerson
uid: $uid
cn: $given $sn
givenName: $given
sn: $sn
mail: $uid@contoso.com
userPassword: $(slappasswd -s "$user_password")
EOF
done
slapadd -f "$dir/slapd.conf" -b "$base" -l "$dir/base.ldif" -q

# Two free ports on loopback, chosen by the kernel: plain LDAP (and StartTLS) and LDAPS.
read -r port tls_port < <(node -e 'const n=require("net");const a=n.createServer(),b=n.createServer();a.listen(0,"127.0.0.1",()=>b.listen(0,"127.0.0.1",()=>{console.log(a.address().port,b.address().port);a.close();b.close()}))')
url="ldap://127.0.0.1:$port"
tls_url="ldaps://127.0.0.1:$tls_port"
# -d 0 keeps slapd in the foreground (its pid is ours to stop) and quiet.
"$slapd_bin" -f "$dir/slapd.conf" -h "$url/ $tls_url/" -d 0 >"$dir/slapd.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 100); do
  if ldapwhoami -x -H "$url" -D "$agent_dn" -w "$agent_password" >/dev/null 2>&1; then
    ready=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "with-slapd: slapd did not answer on $url within 10 s:" >&2
  cat "$dir/slapd.log" >&2
  exit 3
fi

export SSPR_TEST_LDAP_URL=$url SSPR_TEST_LDAP_BASE_DN=$base
export SSPR_TEST_LDAP_BIND_DN=$agent_dn SSPR_TEST_LDAP_BIND_PASSWORD=$agent_password
export SSPR_TEST_LDAP_ROOT_DN=$root_dn SSPR_TEST_LDAP_ROOT_PASSWORD=$root_password
export SSPR_TEST_LDAP_USER_PASSWORD=$user_password
export SSPR_TEST_LDAPS_URL=$tls_url SSPR_TEST_LDAP_CA=$dir/localhost.crt
# Not exec: the trap above must still stop slapd and remove its folder when the command ends.
status=0
"$@" || status=$?
exit "$status"
