package org.wsgateway.relay.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateParametersTest {

    private static int refusal(List<String> answer, boolean offered) {
        return assertThrows(BackendException.class, () -> DeflateParameters.negotiated(answer, offered)).status();
    }

    @Test
    void findsNoCompressionWithoutAnAnswer() throws Exception {
        assertNull(DeflateParameters.negotiated(List.of(), true));
        assertNull(DeflateParameters.negotiated(List.of(), false));
        assertNull(DeflateParameters.negotiated(List.of(""), true));
    }

    @Test
    void readsAPlainAcceptance() throws Exception {
        assertEquals(new DeflateParameters(false, false),
                DeflateParameters.negotiated(List.of("permessage-deflate"), true));
    }

    @Test
    void readsTheParametersABackendMayAdd() throws Exception {
        assertEquals(new DeflateParameters(true, false),
                DeflateParameters.negotiated(List.of("permessage-deflate; server_no_context_takeover"), true));
        assertEquals(new DeflateParameters(false, true),
                DeflateParameters.negotiated(List.of("permessage-deflate;client_no_context_takeover"), true));
        assertEquals(new DeflateParameters(true, true), DeflateParameters.negotiated(List.of(
                "Permessage-Deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10"),
                true));
        assertEquals(new DeflateParameters(false, false),
                DeflateParameters.negotiated(List.of("permessage-deflate; server_max_window_bits=\"15\""), true));
    }

    @Test
    void refusesCompressionThatWasNotOffered() {
        assertEquals(502, refusal(List.of("permessage-deflate"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_max_window_bits", "client_max_window_bits=10", "server_max_window_bits=16",
            "server_max_window_bits=7", "server_max_window_bits", "x_unknown", "server_no_context_takeover=1"})
    void refusesAParameterThatWasNotOfferedOrIsInvalid(String parameter) {
        assertEquals(502, refusal(List.of("permessage-deflate; " + parameter), true));
    }

    @Test
    void refusesTwoExtensions() {
        assertEquals(502, refusal(List.of("permessage-deflate, permessage-deflate"), true));
        assertEquals(502, refusal(List.of("permessage-deflate", "permessage-deflate"), true));
    }

    @Test
    void refusesAnotherExtension() {
        assertEquals(502, refusal(List.of("x-webkit-deflate-frame"), true));
        assertEquals(502, refusal(List.of("x-webkit-deflate-frame"), false));
    }

    /** RFC 7692 section 7: a client MUST fail the connection if the response repeats a parameter. */
    @Test
    void refusesARepeatedParameter() {
        assertEquals(502, refusal(List.of("permessage-deflate; server_no_context_takeover; server_no_context_takeover"),
                true));
    }
}
