package org.wsgateway.relay.backend;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.wsgateway.relay.frame.MessageDeflater;
import org.wsgateway.relay.frame.MessageInflater;

/**
 * The permessage-deflate parameters (RFC 7692 section 7.1) a backend accepted in its 101 answer. We offer the
 * extension without parameters, so the backend may only add {@code server_no_context_takeover},
 * {@code client_no_context_takeover} and {@code server_max_window_bits} (any window inflates with a 32 KiB window).
 */
record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {

    /**
     * Reads the backend's {@code Sec-WebSocket-Extensions} answer.
     *
     * @return the parameters, or {@code null} when the backend did not accept compression
     * @throws BackendException (502) when the answer names something that was not offered
     */
    static DeflateParameters negotiated(List<String> headerValues, boolean offered) throws BackendException {
        DeflateParameters result = null;
        for (String value : headerValues) {
            for (String extension : value.split(",")) {
                if (extension.isBlank()) {
                    continue;
                }
                if (result != null || !offered) {
                    throw new BackendException(502, "the backend accepted an extension that was not offered: "
                            + extension.trim());
                }
                result = parse(extension);
            }
        }
        return result;
    }

    private static DeflateParameters parse(String extension) throws BackendException {
        String[] parts = extension.split(";");
        if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
            throw new BackendException(502, "the backend accepted an extension that was not offered: " + parts[0].trim());
        }
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT);
            if (!seen.add(param.split("=")[0].trim())) {
                throw new BackendException(502, "the backend answered permessage-deflate with a repeated parameter: "
                        + param);
            }
            if (param.equals("server_no_context_takeover")) {
                serverNoContext = true;
            } else if (param.equals("client_no_context_takeover")) {
                clientNoContext = true;
            } else if (!param.matches("server_max_window_bits\\s*=\\s*\"?(8|9|1[0-5])\"?")) {
                throw new BackendException(502, "the backend answered permessage-deflate with a parameter that was not "
                        + "offered or is invalid: " + param);
            }
        }
        return new DeflateParameters(serverNoContext, clientNoContext);
    }

    MessageInflater inflater() {
        return new MessageInflater(serverNoContextTakeover);
    }

    MessageDeflater deflater() {
        return new MessageDeflater(clientNoContextTakeover);
    }
}
