package org.wsgateway.relay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientDeflateTest {

    private static ClientDeflate negotiate(String... headers) {
        return ClientDeflate.negotiate(List.of(headers));
    }

    @Test
    void acceptsNothingWithoutAnOffer() {
        assertNull(ClientDeflate.negotiate(List.of()));
    }

    @Test
    void acceptsAPlainOffer() {
        ClientDeflate accepted = negotiate("permessage-deflate");

        assertEquals(new ClientDeflate(false, false), accepted);
        assertEquals("permessage-deflate", accepted.responseHeader());
    }

    @Test
    void honoursBothNoContextTakeoverParameters() {
        ClientDeflate accepted = negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover");

        assertEquals(new ClientDeflate(true, true), accepted);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                accepted.responseHeader());
        assertEquals("permessage-deflate; client_no_context_takeover",
                negotiate("permessage-deflate;client_no_context_takeover").responseHeader());
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; client_max_window_bits",
            "permessage-deflate; client_max_window_bits=10", "permessage-deflate; client_max_window_bits=\"15\"",
            "permessage-deflate; server_max_window_bits=15"})
    void letsTheClientUseAnyWindow(String offer) {
        ClientDeflate accepted = negotiate(offer);

        assertEquals(new ClientDeflate(false, false), accepted);
        assertEquals("permessage-deflate", accepted.responseHeader());
    }

    @Test
    void declinesAnOfferLimitingTheServerWindowButAcceptsAFollowingOne() {
        assertNull(negotiate("permessage-deflate; server_max_window_bits=10"));
        assertEquals("permessage-deflate",
                negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate").responseHeader());
        assertEquals(new ClientDeflate(false, true), negotiate(
                "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover"));
        assertEquals(new ClientDeflate(false, false),
                negotiate("permessage-deflate; server_max_window_bits=10", "permessage-deflate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; x_unknown", "permessage-deflate; client_max_window_bits=7",
            "permessage-deflate; client_max_window_bits=16", "permessage-deflate; server_max_window_bits"})
    void declinesAnOfferWithAnUnknownOrInvalidParameter(String offer) {
        assertNull(negotiate(offer));
    }

    @Test
    void ignoresOtherExtensions() {
        assertNull(negotiate("x-webkit-deflate-frame"));
        assertEquals(new ClientDeflate(true, false),
                negotiate("x-webkit-deflate-frame, permessage-deflate; server_no_context_takeover"));
    }

    /** RFC 7692 section 7: a server MUST decline an offer with repeated parameters or a parameter with a bad value. */
    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; client_max_window_bits=10; client_max_window_bits",
            "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; client_no_context_takeover=yes"})
    void declinesAnOfferTheRfcSaysMustBeDeclined(String offer) {
        assertNull(negotiate(offer));
    }
}
