package org.wsgateway.valve;

import java.nio.file.Path;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.sql.DataSource;

import org.apache.catalina.Container;
import org.apache.catalina.Engine;
import org.apache.catalina.Server;
import org.wsgateway.config.ConfigException;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.CatalogStore;
import org.wsgateway.store.JdbcCatalogStore;
import org.wsgateway.store.XmlFileStore;

/**
 * Which store holds the catalog: the file ({@code configFile}, the embedded default), or, when the valve names a
 * {@code dataSource}, the database behind that JNDI name in the Server's {@code GlobalNamingResources} (a Tomcat
 * {@code <Resource>} pool), into which the file is imported once when the database holds no catalog yet.
 */
final class CatalogStores {

    private CatalogStores() {
    }

    /**
     * @param dataSource the catalog's database, or {@code null} for the file
     * @param name       the database's JNDI name (how it is described)
     */
    static CatalogStore open(DataSource dataSource, String name, String node, Path base, Path configPath,
            String configFile) throws ConfigException {
        if (dataSource == null) {
            return new XmlFileStore(configPath, configFile, base, PolicyRegistry::parse);
        }
        JdbcCatalogStore store = new JdbcCatalogStore(dataSource, name, node, base, PolicyRegistry::parse);
        store.prepare(configPath, configFile);
        return store;
    }

    /** The Engine {@code container} is in (or is), or {@code null} when it is in none. */
    static Engine engine(Container container) {
        Container c = container;
        while (c != null && !(c instanceof Engine)) {
            c = c.getParent();
        }
        return (Engine) c;
    }

    /** The DataSource under {@code name} in the global naming context of the Server holding {@code container}. */
    static DataSource lookup(Container container, String name) throws ConfigException {
        Engine engine = engine(container);
        Server server = engine == null || engine.getService() == null ? null : engine.getService().getServer();
        Context naming = server == null ? null : server.getGlobalNamingContext();
        if (naming == null) {
            throw new ConfigException(name, java.util.List.of("dataSource names a JNDI resource, but this Tomcat "
                    + "has no global naming context (declare it as a <Resource> in <GlobalNamingResources> of server.xml)"));
        }
        try {
            Object found = naming.lookup(name);
            if (found instanceof DataSource ds) {
                return ds;
            }
            throw new ConfigException(name, java.util.List.of("the global resource " + name + " is a "
                    + found.getClass().getName() + ", not a javax.sql.DataSource (type=\"javax.sql.DataSource\")"));
        } catch (NamingException e) {
            throw new ConfigException(name, "no global resource " + name + " (a <Resource name=\"" + name
                    + "\" type=\"javax.sql.DataSource\" .../> in <GlobalNamingResources> of server.xml): "
                    + e.getMessage(), e);
        }
    }
}
