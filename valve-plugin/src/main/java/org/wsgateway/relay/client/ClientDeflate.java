package org.wsgateway.relay.client;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.wsgateway.relay.frame.MessageDeflater;
import org.wsgateway.relay.frame.MessageInflater;

/**
 * The gateway's answer, as a server, to a client's permessage-deflate offers (RFC 7692 section 7.1). The first
 * offer the gateway can honour is accepted: it honours {@code server_no_context_takeover} and
 * {@code client_no_context_takeover}, lets the client use any window ({@code client_max_window_bits}), and declines
 * offers that limit its own window ({@code server_max_window_bits} below 15), which Java's deflater cannot do.
 *
 * @param serverNoContextTakeover the gateway resets its compressor after each message
 * @param clientNoContextTakeover the client resets its compressor after each message
 */
public record ClientDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {

    /** The accepted offer, or {@code null} when no offer can be honoured (or none was made). */
    public static ClientDeflate negotiate(List<String> extensionHeaders) {
        for (String header : extensionHeaders) {
            for (String offer : header.split(",")) {
                ClientDeflate accepted = accept(offer);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    private static ClientDeflate accept(String offer) {
        String[] parts = offer.split(";");
        if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
            return null;
        }
        boolean server = false;
        boolean client = false;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            String name = param.contains("=") ? param.substring(0, param.indexOf('=')).trim() : param;
            String value = param.contains("=") ? param.substring(param.indexOf('=') + 1).trim() : null;
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case "server_no_context_takeover", "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    server |= name.startsWith("server");
                    client |= name.startsWith("client");
                }
                case "client_max_window_bits" -> {
                    if (value != null && !value.matches("8|9|1[0-5]")) {
                        return null;
                    }
                }
                case "server_max_window_bits" -> {
                    if (!"15".equals(value)) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return new ClientDeflate(server, client);
    }

    /** The {@code Sec-WebSocket-Extensions} response header value. */
    public String responseHeader() {
        return "permessage-deflate" + (serverNoContextTakeover ? "; server_no_context_takeover" : "")
                + (clientNoContextTakeover ? "; client_no_context_takeover" : "");
    }

    MessageInflater inflater() {
        return new MessageInflater(clientNoContextTakeover);
    }

    MessageDeflater deflater() {
        return new MessageDeflater(serverNoContextTakeover);
    }
}
