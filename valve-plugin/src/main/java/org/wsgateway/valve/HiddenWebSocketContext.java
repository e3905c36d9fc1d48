package org.wsgateway.valve;

import java.beans.PropertyChangeListener;

import jakarta.websocket.server.ServerContainer;

import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Loader;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.websocket.server.Constants;
import org.apache.tomcat.websocket.server.WsSci;
import org.apache.tomcat.websocket.server.WsServerContainer;

/**
 * A context that exists only to own a Tomcat {@link WsServerContainer}: the gateway upgrades requests at paths where
 * no webapp is deployed, and a WebSocket container needs a {@code ServletContext}. The context has the Host as parent
 * but is never added as its child, so no URL maps to it; stopping it closes any session it still holds with 1001.
 */
final class HiddenWebSocketContext {

    private final StandardContext context = new StandardContext();
    private WsServerContainer container;

    /**
     * @param host the Host the gateway serves
     * @param name a name unique on that Host (used for JMX and the work directory)
     */
    HiddenWebSocketContext(Host host, String name) {
        context.setName(name);
        context.setPath("/" + name);
        context.setParent(host);
        context.setParentClassLoader(HiddenWebSocketContext.class.getClassLoader());
        context.setLoader(new SharedLoader());
        context.addLifecycleListener(event -> {
            if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                context.setConfigured(true);
            }
        });
        context.addServletContainerInitializer(new WsSci(), null);
    }

    /** Starts the context and takes its WebSocket container. */
    WsServerContainer start() throws LifecycleException {
        context.start();
        Object attribute = context.getServletContext().getAttribute(Constants.SERVER_CONTAINER_SERVLET_CONTEXT_ATTRIBUTE);
        if (!(attribute instanceof WsServerContainer)) {
            context.stop();
            throw new LifecycleException("Tomcat's WebSocket support did not start (no " + ServerContainer.class.getName()
                    + " in the gateway's hidden context); is tomcat-websocket.jar in lib/?");
        }
        container = (WsServerContainer) attribute;
        return container;
    }

    /**
     * Gives the hidden context the gateway's own class loader instead of a webapp class loader: there are no webapp
     * classes to load, and no per-webapp loader means nothing to leak or scan on stop.
     */
    private static final class SharedLoader implements Loader {
        private Context owner;

        @Override
        public void backgroundProcess() {
        }

        @Override
        public ClassLoader getClassLoader() {
            return HiddenWebSocketContext.class.getClassLoader();
        }

        @Override
        public Context getContext() {
            return owner;
        }

        @Override
        public void setContext(Context context) {
            this.owner = context;
        }

        @Override
        public boolean getDelegate() {
            return true;
        }

        @Override
        public void setDelegate(boolean delegate) {
        }

        @Override
        public void addPropertyChangeListener(PropertyChangeListener listener) {
        }

        @Override
        public boolean modified() {
            return false;
        }

        @Override
        public void removePropertyChangeListener(PropertyChangeListener listener) {
        }
    }

    /** Stops the context, closing whatever sessions remain. */
    void stop() throws LifecycleException {
        if (context.getState().isAvailable()) {
            context.stop();
        }
        context.destroy();
    }
}
