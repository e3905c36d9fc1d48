package org.wsgateway.it;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** A webapp with a servlet and its own WebSocket endpoint, to show the gateway leaves webapps alone. */
final class TesterWebapp {

    private TesterWebapp() {
    }

    /** Deploys a webapp at {@code path} ("" for ROOT) answering "{@code name} ok" and echoing at {@code /ws}. */
    static Context deploy(Tomcat tomcat, String path, String name) throws IOException {
        Context context = tomcat.addContext(path, Files.createTempDirectory("webapp").toString());
        Tomcat.addServlet(context, "hello", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print(name + " ok " + req.getRequestURI());
            }
        });
        context.addServletMappingDecoded("/", "hello");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addApplicationListener(EchoRegistrar.class.getName());
        return context;
    }

    /** Registers the webapp's own echo endpoint at {@code /ws}. */
    public static final class EchoRegistrar implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServerContainer container = (ServerContainer) event.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(WebappEcho.class, "/ws").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Echoes text with a prefix, so a reply shows who answered. */
    public static final class WebappEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                    session.getAsyncRemote().sendText("webapp:" + text));
        }
    }
}
