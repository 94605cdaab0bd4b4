#!/usr/bin/env bash
# Makes the throwaway PKI of SnsCertificateTrustTest and SnsCertificateTrustUnitTest (run once, output committed):
#   test-root-ca.pem        the CA the tests trust (connectops.ingest.sns.trust-store in %test)
#   test-intermediate.pem   issued by the root; not in the trust store: found through the leaf's AIA caIssuers URL
#   leaf-key.pk8.pem        the one signing key of every leaf below (PKCS#8), which signs the test SNS messages
#   good.pem                CN=sns.amazonaws.com, issued by the root, valid until 2126
#   via-intermediate.pem    CN=sns.amazonaws.com, issued by the intermediate, caIssuers http://crt.test.amazontrust.com/…
#   untrusted.pem           CN=sns.amazonaws.com, issued by a CA that nothing trusts (its key is thrown away)
#   expired.pem             CN=sns.amazonaws.com, issued by the root, valid 2020-01-01 to 2020-02-01
#   wrong-cn.pem            CN=sns.attacker.example, issued by the root
#   no-signature-usage.pem  CN=sns.amazonaws.com, issued by the root, key usage keyEncipherment only
# The CA keys are not kept: to change a fixture, run this again and commit every file it writes.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ca() { # name subject [issuer-name]: a CA certificate; self-signed without issuer
  local name=$1 subject=$2 issuer=${3:-}
  openssl genrsa -out "$work/$name.key" 2048 2>/dev/null
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$work/$name.ext"
  # A root signs itself (`openssl ca -selfsign`, which, unlike `req -x509`, takes a start date in the past).
  issue "$name" "${issuer:-$name}" "$work/$name.ext" 20240101000000Z 21261231000000Z
}

issue() { # name issuer extfile startdate enddate: signs $work/name.csr with the issuer's key through `openssl ca`
  local name=$1 issuer=$2 ext=$3 start=$4 end=$5 db="$work/db-$1"
  mkdir -p "$db" && : > "$db/index.txt" && openssl rand -hex 16 > "$db/serial"
  cat > "$db/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
database = $db/index.txt
serial = $db/serial
new_certs_dir = $db
policy = any
default_md = sha256
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
CNF
  local signer=(-cert "$work/$issuer.pem")
  [ "$name" != "$issuer" ] || signer=(-selfsign)
  openssl ca -batch -notext -config "$db/ca.cnf" "${signer[@]}" -keyfile "$work/$issuer.key" \
    -in "$work/$name.csr" -extfile "$ext" -startdate "$start" -enddate "$end" -out "$work/$name.pem" 2>/dev/null
}

leaf() { # name cn issuer startdate enddate [key-usage] [aia-url]
  local name=$1 cn=$2 issuer=$3 start=$4 end=$5 usage=${6:-critical,digitalSignature} aia=${7:-}
  openssl req -new -key "$work/leaf.key" -subj "/CN=$cn" -out "$work/$name.csr"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=%s\n' "$usage" > "$work/$name.ext"
  [ -z "$aia" ] || printf 'authorityInfoAccess=caIssuers;URI:%s\n' "$aia" >> "$work/$name.ext"
  issue "$name" "$issuer" "$work/$name.ext" "$start" "$end"
  cp "$work/$name.pem" "$name.pem"
}

ca test-root-ca "/O=Connect Ops tests/CN=Connect Ops Test SNS Root CA"
ca test-intermediate "/O=Connect Ops tests/CN=Connect Ops Test SNS Intermediate" test-root-ca
ca rogue-ca "/O=Connect Ops tests/CN=Connect Ops Rogue CA"
cp "$work/test-root-ca.pem" test-root-ca.pem
cp "$work/test-intermediate.pem" test-intermediate.pem

openssl genrsa -out "$work/leaf.key" 2048 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$work/leaf.key" -out leaf-key.pk8.pem

leaf good sns.amazonaws.com test-root-ca 20240101000000Z 21261231000000Z
leaf via-intermediate sns.amazonaws.com test-intermediate 20240101000000Z 21261231000000Z critical,digitalSignature \
  http://crt.test.amazontrust.com/test-intermediate.cer
leaf untrusted sns.amazonaws.com rogue-ca 20240101000000Z 21261231000000Z
leaf expired sns.amazonaws.com test-root-ca 20200101000000Z 20200201000000Z
leaf wrong-cn sns.attacker.example test-root-ca 20240101000000Z 21261231000000Z
leaf no-signature-usage sns.amazonaws.com test-root-ca 20240101000000Z 21261231000000Z critical,keyEncipherment
