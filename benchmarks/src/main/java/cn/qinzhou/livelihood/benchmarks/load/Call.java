package cn.qinzhou.livelihood.benchmarks.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request as the bytes that go on the wire, and the server they go to: rendered once by the scenario,
 * written as they are by {@link HttpConnections}.
 */
public record Call(InetSocketAddress server, byte[] bytes) {

    /** The request line, Host, the given headers and Content-Length, then the body (empty for none). */
    public static Call of(String method, URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256 + headers.size() * 64)
                .append(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return new Call(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()), bytes);
    }
}
