package org.wsgateway.relay.backend;

import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import org.wsgateway.relay.frame.MessageDeflater;

/**
 * An upgraded connection to a backend, not yet reading frames: reading starts when the relay binds its
 * {@link BackendFrameHandler}.
 *
 * @param channel         the channel, whose pipeline ends with the frame handler
 * @param subprotocol     the subprotocol the backend chose, or {@code null}
 * @param responseHeaders the backend's 101 response headers that the client should see
 * @param deflater        compresses messages towards the backend, or {@code null} without permessage-deflate
 */
public record BackendConnection(Channel channel, String subprotocol, List<Map.Entry<String, String>> responseHeaders,
        MessageDeflater deflater) {

    /** The frame handler at the end of the pipeline. */
    public BackendFrameHandler handler() {
        return channel.pipeline().get(BackendFrameHandler.class);
    }
}
