package cn.qinzhou.livelihood.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Finds where one HTTP/1.1 response ends in the bytes as they arrive: the status line, the headers that frame the
 * body (Content-Length, chunked Transfer-Encoding, Connection: close), then the body, which is skipped.
 */
final class ResponseReader {

    private byte[] bytes = new byte[8 * 1024];
    private int length;
    /** Where the body starts, once the headers are complete; -1 before. */
    private int bodyStart;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean closeAfter;
    /** Chunked bodies: where the next chunk's size line starts. */
    private int chunkAt;

    ResponseReader() {
        reset();
    }

    void reset() {
        length = 0;
        bodyStart = -1;
        status = 0;
        contentLength = -1;
        chunked = false;
        closeAfter = false;
    }

    int status() {
        return status;
    }

    boolean closeAfter() {
        return closeAfter;
    }

    /** Adds what was read; true when the response is complete. */
    boolean feed(ByteBuffer read) {
        int count = read.remaining();
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
        read.get(bytes, length, count);
        int scanFrom = Math.max(0, length - 3);
        length += count;
        return advance(scanFrom);
    }

    private boolean advance(int scanFrom) {
        if (bodyStart < 0) {
            int end = indexOfBlankLine(scanFrom);
            if (end < 0) {
                return false;
            }
            parseHead(end);
            if (status >= 100 && status < 200) {
                // An interim answer (100 Continue): the real one follows.
                int kept = length - bodyStart;
                System.arraycopy(bytes, bodyStart, bytes, 0, kept);
                reset();
                length = kept;
                return advance(0);
            }
        }
        return complete();
    }

    /** The server closed the connection: complete only for a response whose body runs until the close. */
    boolean endOfStream() {
        return bodyStart >= 0 && !chunked && contentLength < 0;
    }

    private boolean complete() {
        if (status == 204 || status == 304) {
            return true;
        }
        if (chunked) {
            return chunksComplete();
        }
        if (contentLength >= 0) {
            return length - bodyStart >= contentLength;
        }
        closeAfter = true;
        return false;
    }

    private boolean chunksComplete() {
        while (true) {
            int lineEnd = indexOfLineEnd(chunkAt);
            if (lineEnd < 0) {
                return false;
            }
            String sizeLine = new String(bytes, chunkAt, lineEnd - chunkAt, StandardCharsets.ISO_8859_1);
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size == 0) {
                // the last chunk: trailers (usually none) end with a blank line
                int trailersEnd = indexOfBlankLineFrom(lineEnd);
                return trailersEnd >= 0;
            }
            int next = lineEnd + 2 + (int) size + 2;
            if (next > length) {
                return false;
            }
            chunkAt = next;
        }
    }

    private void parseHead(int end) {
        String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP response: " + lines[0]);
        }
        status = Integer.parseInt(statusLine[1]);
        closeAfter = statusLine[0].equals("HTTP/1.0");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> closeAfter = value.contains("close") || (closeAfter && !value.contains("keep-alive"));
                default -> { }
            }
        }
        bodyStart = end + 4;
        chunkAt = bodyStart;
    }

    /** Where "\r\n\r\n" starts, searching from the index, or -1. */
    private int indexOfBlankLine(int from) {
        for (int i = from; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** After the last chunk's size line (ending at lineEnd): the end of the trailers, or -1 while incomplete. */
    private int indexOfBlankLineFrom(int lineEnd) {
        int at = lineEnd;
        while (true) {
            int next = indexOfLineEnd(at + 2);
            if (next < 0) {
                return -1;
            }
            if (next == at + 2) {
                return next;
            }
            at = next;
        }
    }

    /** Where the next "\r\n" at or after the index starts, or -1. */
    private int indexOfLineEnd(int from) {
        for (int i = from; i + 1 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
