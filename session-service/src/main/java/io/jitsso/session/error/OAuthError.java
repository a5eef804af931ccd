package io.jitsso.session.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/** OAuth 2.0 error body. */
public record OAuthError(String error, @JsonProperty("error_description") String errorDescription) {
}
