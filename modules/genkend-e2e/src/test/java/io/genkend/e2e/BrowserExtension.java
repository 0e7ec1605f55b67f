package io.genkend.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Gives each test class one headless {@link Browser} on the running {@link GenkendApp} (a fresh chromium profile,
 * cookies cleared before each test), and saves a screenshot and the page's HTML under
 * {@code target/screenshots/<class>.<test>.png|html} when a test fails.
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("browser", new Browser(GenkendApp.get().baseUrl()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).remove("browser", Browser.class);
        if (browser != null) {
            browser.quit();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        browser(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Browser browser = browser(context);
        if (browser == null) {
            return;
        }
        Path dir = Path.of(System.getProperty("genkend.e2e.screenshots", "target/screenshots"));
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(dir);
            Path shot = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".html"),
                    "<!-- " + browser.driver().getCurrentUrl() + " -->\n" + browser.driver().getPageSource(),
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save the screenshot of " + name + ": " + e);
        }
    }

    private static Browser browser(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).get("browser", Browser.class);
    }
}
