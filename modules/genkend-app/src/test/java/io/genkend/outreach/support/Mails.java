package io.genkend.outreach.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads what GreenMail received: a message's plain text and the signed response links in it. */
public final class Mails {

    private static final Pattern LINK = Pattern.compile("http://localhost:8080(/r/[A-Za-z0-9_\\-.]+)");

    private Mails() {
    }

    /** @return the path ({@code /r/<token>}) of the first signed link after {@code label} in {@code text} */
    public static String linkAfter(String text, String label) {
        Matcher matcher = LINK.matcher(text.substring(text.indexOf(label)));
        assertThat(matcher.find()).as("a link after " + label).isTrue();
        return matcher.group(1);
    }

    /** @return the first {@code text/plain} part of a message or part, or {@code null} */
    public static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String text = plainText(body);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
