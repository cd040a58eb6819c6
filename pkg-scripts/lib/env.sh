# Sourced by every pkg-script: where things are, and which wasm toolchain to use.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
cd "$ROOT"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm build keeps its own target dir, so the native (rustup) and wasm compilers never
# invalidate each other's artefacts.
export WASM_TARGET_DIR="$ROOT/target/wasm"
export WASM_TARGET=wasm32-unknown-unknown

# std is always built from source for the wasm MVP feature set (-Ctarget-cpu=mvp), so the
# module runs on iOS before 15.1 and older Android web-views. That needs std's sources:
# - rustup with the rust-src component (a laptop): the normal cargo, RUSTC_BOOTSTRAP for -Zbuild-std;
# - otherwise Debian's rustc-web + rust-web-src (1.96) with the rustup sysroot's rust-lld.
wasm_toolchain() {
  local sysroot
  sysroot="$(rustc --print sysroot)"
  if [ -d "$sysroot/lib/rustlib/src/rust/library" ]; then
    echo rustup
  elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
    echo debian
  else
    echo none
  fi
}

# Runs cargo for the wasm target with the chosen toolchain: wasm_cargo build --release -p X
wasm_cargo() {
  local sysroot lld
  sysroot="$(rustc --print sysroot)"
  lld="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  local -a env=(
    RUSTC_BOOTSTRAP=1
    CARGO_TARGET_DIR="$WASM_TARGET_DIR"
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Ctarget-cpu=mvp${WASM_EXTRA_RUSTFLAGS:+ $WASM_EXTRA_RUSTFLAGS}"
  )
  case "$(wasm_toolchain)" in
    rustup) env+=(CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld")
            env "${env[@]}" cargo "$1" --target "$WASM_TARGET" -Zbuild-std=std,panic_abort "${@:2}" ;;
    debian) env+=(RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld")
            env "${env[@]}" /usr/bin/cargo "$1" --target "$WASM_TARGET" -Zbuild-std=std,panic_abort "${@:2}" ;;
    *) die "no wasm toolchain: run pkg-scripts/setup" ;;
  esac
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Headless Chromium flags for this workplace, kept in one file for every test driver.
chromium_flags() { grep -v '^#' "$ROOT/pkg-scripts/lib/chromium-flags.txt"; }
