package io.genkend.outreach.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;

/**
 * One real SMTP server (GreenMail) for the whole test JVM, on the fixed port that
 * {@code application-test.yml} gives {@code spring.mail.port} (40125), started on first use and stopped with the JVM.
 */
public final class MailServer {

    /** The SMTP port, as in application-test.yml. */
    public static final int PORT = 40125;

    private static GreenMail server;

    private MailServer() {
    }

    /** @return the running server, started if needed */
    public static synchronized GreenMail get() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
        }
        return server;
    }

    /** @return the messages received so far for one recipient */
    public static List<MimeMessage> to(String recipient) {
        return Arrays.stream(get().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
