package io.genkend.support;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Test only: a UI path that fails unexpectedly, to see what the error fallback answers (HTML page for browsers,
 * problem+json for everything else).
 */
@Controller
class FailingPage {

    @GetMapping("/test-support/failure")
    String fail() {
        throw new IllegalStateException("a test failure with internals that must not leak");
    }
}
