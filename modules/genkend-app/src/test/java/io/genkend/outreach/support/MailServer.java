package io.genkend.outreach.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;

/**
 * One real SMTP server (GreenMail) for the whole test JVM, on the port that {@code application-test.yml} gives
 * {@code spring.mail.port} (chosen at random once per Spring context, read back from {@code MailProperties}),
 * started on first use and stopped with the JVM.
 */
public final class MailServer {

    private static GreenMail server;

    private MailServer() {
    }

    /**
     * @param port the application's {@code spring.mail.port}
     * @return the running server, started on that port if needed
     */
    public static synchronized GreenMail start(int port) {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
        }
        return server;
    }

    /** @return the messages received so far for one recipient */
    public static synchronized List<MimeMessage> to(String recipient) {
        if (server == null) {
            throw new IllegalStateException("Start the mail server first");
        }
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
