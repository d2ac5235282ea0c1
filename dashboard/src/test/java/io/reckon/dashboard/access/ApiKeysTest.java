package io.reckon.dashboard.access;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    private static final String ADMIN = "admin-secret-0123456789";
    private static final String SCOPED = "scoped-secret-0123456789";

    @Test
    void anAdminKeyAndAScopedKey() {
        ApiKeys keys = ApiKeys.parse("# the dashboard's keys\nops " + ADMIN + " admin\n\nacme " + SCOPED + " adv-1,adv-2\n");
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.lookup(ADMIN)).hasValueSatisfying(a -> assertThat(a.admin()).isTrue());
        Access acme = keys.lookup(SCOPED).orElseThrow();
        assertThat(acme.admin()).isFalse();
        assertThat(acme.advertisers()).containsExactly("adv-1", "adv-2");
        assertThat(acme.mayRead("adv-2")).isTrue();
        assertThat(acme.mayRead("adv-3")).isFalse();
        assertThat(keys.lookup("not-a-key-at-all-000")).isEmpty();
        assertThat(keys.lookup(null)).isEmpty();
        assertThat(keys.lookup("")).isEmpty();
        assertThat(keys.describe()).contains("ops (admin)", "acme [adv-1, adv-2]").doesNotContain(ADMIN, SCOPED);
    }

    @Test
    void aSecretMayBeGivenAsItsDigestSoTheFileNeedNotHoldIt() {
        String hex = HexFormat.of().formatHex(ApiKeys.sha256(SCOPED));
        ApiKeys keys = ApiKeys.parseEnvironment("acme sha256:" + hex + " adv-1; ops " + ADMIN + " admin");
        assertThat(keys.lookup(SCOPED)).hasValueSatisfying(a -> assertThat(a.advertisers()).containsExactly("adv-1"));
        assertThat(keys.lookup("sha256:" + hex)).as("the digest itself is no key").isEmpty();
    }

    @Test
    void inAFileASecretMayHoldASemicolonWhichSeparatesKeysOnlyInTheEnvironment() {
        String secret = "abc;def-0123456789";
        assertThat(ApiKeys.parse("ops " + secret + " admin").lookup(secret)).isPresent();
        assertThatThrownBy(() -> ApiKeys.parseEnvironment("ops " + secret + " admin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badEntriesAreRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> ApiKeys.parse("ops Xq7shortZ admin")).hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("Xq7shortZ");
        assertThatThrownBy(() -> ApiKeys.parse("ops " + ADMIN)).hasMessageContaining("expected '<name> <secret>");
        assertThatThrownBy(() -> ApiKeys.parse("ops " + ADMIN + " admin\nops " + SCOPED + " adv-1"))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> ApiKeys.parse("a " + ADMIN + " admin\nb " + ADMIN + " adv-1"))
                .hasMessageContaining("the same secret as key a").hasMessageNotContaining(ADMIN);
        assertThatThrownBy(() -> ApiKeys.parse("acme " + SCOPED + " adv-1,x'--"))
                .hasMessageContaining("not an advertiser id").hasMessageNotContaining(SCOPED);
        assertThatThrownBy(() -> ApiKeys.parse("# nothing\n")).hasMessageContaining("none given");
        assertThatThrownBy(() -> ApiKeys.parse("acme sha256:abc adv-1")).hasMessageContaining("64 hex digits");
    }
}
