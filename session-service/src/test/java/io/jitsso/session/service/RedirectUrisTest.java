package io.jitsso.session.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jitsso.contracts.error.ApiException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/callback", "https://app.example.com:8443/cb?x=1",
            "http://localhost:3000/cb", "http://127.0.0.1/cb", "http://[::1]:8080/cb"})
    void acceptsExactHttpsAndLoopbackHttp(String uri) {
        assertNull(RedirectUris.problem(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com/cb", "https://app.example.com/cb#frag", "https://*.example.com/cb",
            "/relative/cb", "javascript:alert(1)", "https://user:pw@app.example.com/cb", "not a uri", "",
            "data:text/html,x", "ftp://app.example.com/cb"})
    void refusesEverythingElse(String uri) {
        assertNotNull(RedirectUris.problem(uri), uri);
    }

    @org.junit.jupiter.api.Test
    void limitsCountAndNamesTheField() {
        ApiException.BadRequest error = assertThrows(ApiException.BadRequest.class,
                () -> RedirectUris.validate(Collections.nCopies(21, "https://a.example.com/cb")));
        assertEquals("redirect_uris", error.errors().get(0).field());
        assertEquals(List.of(), RedirectUris.validate(null));
    }

    @org.junit.jupiter.api.Test
    void pkceS256MatchesRfc7636AppendixB() {
        // RFC 7636 appendix B example
        assertEquals(true, AuthorizationService.pkceMatches("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        assertEquals(false, AuthorizationService.pkceMatches("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"));
    }
}
