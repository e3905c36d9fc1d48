package org.wsgateway.relay.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * WebSocket close codes (RFC 6455 section 7.4 and the IANA registry) and the rules for passing a close from one leg
 * to the other. A code that was received is passed on unchanged whenever it may legally be sent; the three codes
 * that only describe a local condition and never travel in a close frame (1005, 1006, 1015) are mapped to the code
 * that says the same thing on the wire; 1005 travels as a close frame without a code. Also reads the code and reason
 * of a close frame's payload.
 */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Received a close frame without a status code. Never sent. */
    public static final int NO_STATUS = 1005;
    /** The connection was lost without a close frame. Never sent. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;
    /** The TLS handshake failed. Never sent. */
    public static final int TLS_FAILURE = 1015;

    private CloseCodes() {
    }

    /** Whether {@code code} may appear in a close frame. */
    public static boolean maySend(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /**
     * The code to send to the backend after the client's leg ended with {@code code}: the same code when it may be
     * sent, or 1005 (a close frame without a code) when the client's had none; 1001 (going away) when the client
     * vanished (1006) or its TLS failed (1015).
     */
    public static int towardsBackend(int code) {
        return maySend(code) || code == NO_STATUS ? code : GOING_AWAY;
    }

    /**
     * The code to send to the client after the backend's leg ended with {@code code}: the same code when it may be
     * sent, or 1005 (a close frame without a code) when the backend's had none; 1014 (bad gateway) when the backend
     * vanished (1006) or failed TLS (1015).
     */
    public static int towardsClient(int code) {
        return maySend(code) || code == NO_STATUS ? code : BAD_GATEWAY;
    }

    /**
     * Truncates a close reason to the 123 bytes of UTF-8 that fit in a close frame, without splitting a character.
     */
    public static String fitReason(String reason) {
        if (reason == null) {
            return "";
        }
        int bytes = 0;
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
            if (bytes + size > 123) {
                return reason.substring(0, i);
            }
            bytes += size;
            if (size == 4) {
                i++;
            }
        }
        return reason;
    }

    /** The code of a close frame's payload: 1005 when it has none; a code that may not be sent is a 1002. */
    static int codeOf(ByteBuf payload) throws ProtocolException {
        if (payload.readableBytes() == 0) {
            return NO_STATUS;
        }
        if (payload.readableBytes() == 1) {
            throw new ProtocolException(PROTOCOL_ERROR, "close frame with a one-byte payload");
        }
        int code = payload.getUnsignedShort(payload.readerIndex());
        if (!maySend(code)) {
            throw new ProtocolException(PROTOCOL_ERROR, "close code " + code + " may not be sent");
        }
        return code;
    }

    /** The reason of a close frame's payload, which must be UTF-8 (1007 otherwise). */
    static String reasonOf(ByteBuf payload) throws ProtocolException {
        if (payload.readableBytes() <= 2) {
            return "";
        }
        ByteBuffer bytes = payload.nioBuffer(payload.readerIndex() + 2, payload.readableBytes() - 2);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(INVALID_PAYLOAD, "the close reason is not valid UTF-8");
        }
    }
}
