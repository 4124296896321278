#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME keyring (a real Secret Service),
# so the vault's keychain tests run on a headless Linux machine against the real thing.
# Needs Debian's gnome-keyring, dbus and libsecret-tools: as root it installs them with apt-get when
# missing; otherwise it stops with a clear message. It never skips silently.
# Usage: with-keyring.sh COMMAND [ARG...]
set -euo pipefail
packages=(gnome-keyring dbus libsecret-tools)

have_tools() { command -v gnome-keyring-daemon >/dev/null 2>&1 && command -v dbus-run-session >/dev/null 2>&1; }

if [ $# -eq 0 ]; then
  echo "with-keyring: usage: with-keyring.sh COMMAND [ARG...]" >&2
  exit 2
fi
if ! have_tools; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "with-keyring: needs gnome-keyring and dbus; install them with: sudo apt-get install -y ${packages[*]}" >&2
    exit 3
  fi
  echo "with-keyring: installing ${packages[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  have_tools || { echo "with-keyring: gnome-keyring or dbus still missing after apt-get" >&2; exit 3; }
fi

# A throwaway home: the keyring the tests write to is created here and removed afterwards.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache XDG_CONFIG_HOME=$home/.config
# Inside the private session: start the daemon with a known password (which creates and unlocks the
# login keyring), wait until its file exists and the Secret Service owns its bus name, then run.
inner='
  (printf "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>&1 &)
  ready=
  for _ in $(seq 100); do
    if [ -f "$HOME/.local/share/keyrings/login.keyring" ] && { ! command -v dbus-send >/dev/null ||
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; }; then
      ready=1
      break
    fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then echo "with-keyring: the GNOME keyring did not start within 10 s" >&2; exit 3; fi
  sleep 0.3
  exec "$@"
'
# Not exec: the trap above must still remove the throwaway home when the command ends.
status=0
dbus-run-session -- bash -c "$inner" with-keyring "$@" 2> >(grep -v "fd limit" >&2) || status=$?
exit "$status"
