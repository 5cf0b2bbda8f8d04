package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Projects seeded by Flyway never passed through the API, so nothing announced them. On start, each
 * unannounced project gets its ProjectRegistered event, committed with the flag that says so: exactly once,
 * however often the service restarts.
 */
@ApplicationScoped
public class RegistrationAnnouncer {

    private static final Logger LOG = Logger.getLogger(RegistrationAnnouncer.class);

    private final ProjectEvents events;

    public RegistrationAnnouncer(ProjectEvents events) {
        this.events = events;
    }

    @Transactional
    void announceSeededProjects(@Observes StartupEvent startup) {
        // In SQL, as the plan years' announcer reads: no HQL to translate at start.
        @SuppressWarnings("unchecked")
        List<Project> unannounced = Project.getEntityManager()
                .createNativeQuery("select * from project where not registration_announced order by id", Project.class)
                .getResultList();
        for (Project project : unannounced) {
            events.publish(new ProjectEvent.ProjectRegistered(events.snapshot(project)));
            project.registrationAnnounced = true;
        }
        if (!unannounced.isEmpty()) {
            LOG.infof("announced %d seeded project(s) on %s", unannounced.size(), "livelihood.project.events");
        }
    }
}
