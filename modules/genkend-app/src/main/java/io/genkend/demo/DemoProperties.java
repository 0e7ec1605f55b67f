package io.genkend.demo;

import org.springframework.core.env.Environment;

/**
 * The demo settings that scripts may fix: {@code genkend.demo.password} (every demo user's password) and
 * {@code genkend.demo.<slug>.api-key} (the API key of a demo tenant). Left unset, random ones are made at each
 * start and printed.
 *
 * @param password    the demo password, or {@code null} for a random one
 * @param environment where {@code genkend.demo.<slug>.api-key} is looked up
 */
record DemoProperties(String password, Environment environment) {

    static DemoProperties from(Environment environment) {
        return new DemoProperties(environment.getProperty("genkend.demo.password"), environment);
    }

    /** @return the fixed API key for {@code slug}, or {@code null} */
    String apiKeyFor(String slug) {
        return environment == null ? null : environment.getProperty("genkend.demo." + slug + ".api-key");
    }
}
