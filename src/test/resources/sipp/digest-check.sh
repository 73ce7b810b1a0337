#!/bin/bash
# Digest checker for SIPp scenarios: recomputes an MD5 digest and tells the SIPp call the verdict.
#
# SIPp 3.6.1's <verifyauth> only reads the "Authorization:" header, so uas-auth-407.xml runs
#   bash ./digest-check.sh METHOD USER PASS SIPP_IP SIPP_PORT CALL_ID 'HEADER_VALUE'
# through <exec command=...> (SIPp's working directory must hold this file; the Java Sipp runner
# copies it next to every scenario). It recomputes
#   HA1 = MD5(user:realm:password), HA2 = MD5(method:uri)
#   response = MD5(HA1:nonce:HA2)                       (no qop, RFC 2069)
#            = MD5(HA1:nonce:nc:cnonce:qop:HA2)          (qop=auth, RFC 2617)
# with the realm, nonce, uri, nc, cnonce and qop from the header, and requires username == USER.
# The verdict goes back to the waiting SIPp call as a SIP INFO with the same Call-ID and
# "X-Digest-Check: ok" or "X-Digest-Check: bad", sent over UDP to SIPP_IP:SIPP_PORT.
set -u
method=$1 user=$2 pass=$3 ip=$4 port=$5 callid=$6 header=${7:-}
callid=${callid# }

param() {
    local v
    v=$(printf '%s' "$header" | sed -n -E "s/.*[ ,]$1=\"([^\"]*)\".*/\\1/p")
    if [ -z "$v" ]; then
        v=$(printf '%s' "$header" | sed -n -E "s/.*[ ,]$1=([^ ,\"]*).*/\\1/p")
    fi
    printf '%s' "$v"
}
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

verdict=bad
if printf '%s' "$header" | grep -qiE '^ *digest '; then
    got_user=$(param username) realm=$(param realm) nonce=$(param nonce) uri=$(param uri)
    response=$(param response) qop=$(param qop) nc=$(param nc) cnonce=$(param cnonce)
    ha1=$(md5 "$user:$realm:$pass")
    ha2=$(md5 "$method:$uri")
    if [ -n "$qop" ]; then
        expected=$(md5 "$ha1:$nonce:$nc:$cnonce:$qop:$ha2")
    else
        expected=$(md5 "$ha1:$nonce:$ha2")
    fi
    if [ "$got_user" = "$user" ] && [ "${response,,}" = "$expected" ]; then
        verdict=ok
    fi
fi

msg=$(printf 'INFO sip:digest-check@%s:%s SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-dc-%s\r\nFrom: <sip:digest-check@127.0.0.1>;tag=dc%s\r\nTo: <sip:sipp@%s:%s>\r\nCall-ID: %s\r\nCSeq: 1 INFO\r\nMax-Forwards: 70\r\nX-Digest-Check: %s\r\nContent-Length: 0\r\n\r\n.' \
    "$ip" "$port" "$$" "$$" "$ip" "$port" "$callid" "$verdict")
msg=${msg%.}
# One datagram: bash writes line by line, so dd collects the whole message and writes it once.
printf '%s' "$msg" | dd bs=65536 iflag=fullblock status=none >"/dev/udp/$ip/$port"
