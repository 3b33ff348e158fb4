package social.upkeep.operator.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.Locale;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import social.upkeep.shared.NotFound;

/** First-run setup: the first person with the setup code becomes the owner. Gone once an owner exists. */
@Controller
@RequestMapping("/setup")
class SetupController {

    private final Owners owners;
    private final SetupCode setupCode;
    private final PasswordPolicy passwordPolicy;
    private final AuthenticationManager authentication;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SetupController(Owners owners, SetupCode setupCode, PasswordPolicy passwordPolicy,
            AuthenticationManager authentication) {
        this.owners = owners;
        this.setupCode = setupCode;
        this.passwordPolicy = passwordPolicy;
        this.authentication = authentication;
    }

    @ModelAttribute
    void onlyBeforeTheOwnerExists() {
        if (owners.exists()) {
            throw new NotFound("Setup");
        }
    }

    @GetMapping
    String form(@ModelAttribute("form") SetupForm form) {
        return "setup";
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") SetupForm form, BindingResult result, Locale locale,
            HttpServletRequest request, HttpServletResponse response) {
        if (!result.hasFieldErrors("setupCode") && !setupCode.matches(form.setupCode())) {
            result.rejectValue("setupCode", "setup.code.wrong");
        }
        if (!result.hasFieldErrors("password")) {
            passwordPolicy.violation(form.password(), form.email())
                    .ifPresent(key -> result.rejectValue("password", key));
        }
        if (!result.hasFieldErrors("password") && !form.password().equals(form.confirmation())) {
            result.rejectValue("confirmation", "password.mismatch");
        }
        if (result.hasErrors()) {
            return "setup";
        }
        try {
            owners.create(form.email(), form.password(), locale);
            setupCode.spent();
        } catch (Owners.SetupClosed e) {
            throw new NotFound("Setup");
        }
        signIn(form, request, response);
        return "redirect:/operator";
    }

    /** Signs the new owner straight in, with a fresh session id. */
    private void signIn(SetupForm form, HttpServletRequest request, HttpServletResponse response) {
        var token = UsernamePasswordAuthenticationToken.unauthenticated(form.email(), form.password());
        token.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication.authenticate(token));
        SecurityContextHolder.setContext(context);
        request.getSession(true);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
    }
}
