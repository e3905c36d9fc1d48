package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;

/** Tomcat 11 distribution, the stock {@code server.xml} plus {@code conf-samples/server-snippet.xml}. */
class Tomcat11DistributionIT extends TomcatDistributionTestBase {

    @BeforeAll
    static void start() throws Exception {
        install(System.getProperty("tomcat11.version"), false);
    }
}
