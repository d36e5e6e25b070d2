"""The floor of the overview's projects, peer-support and financial-group sections: what
they show, as plain SQL (benchmarks/dashboard_overview.py runs it with the rest of the
floor and compares the figures). Parameters: org, start, end, today, since."""

PROGRAMME_FLOOR_SQL = {
    # Projects (dashboards/sections/projects.py).
    "projects": """
        SELECT approach, kind, current_step, lifecycle_completed_on IS NOT NULL, count(*),
               count(*) FILTER (WHERE status IN ('proposed', 'selected', 'active', 'suspended'))
        FROM projects_project WHERE organization_id = %(org)s GROUP BY 1, 2, 3, 4""",
    "participants": """
        SELECT pa.returnee_id IS NOT NULL, coalesce(r.gender, ''), coalesce(r.sex, pa.sex),
               count(*)
        FROM projects_participant pa JOIN projects_project p ON p.id = pa.project_id
        LEFT JOIN reintegration_returnee r ON r.id = pa.returnee_id
        WHERE p.organization_id = %(org)s AND pa.joined_on <= %(today)s
          AND (pa.left_on IS NULL OR pa.left_on > %(today)s) GROUP BY 1, 2, 3""",
    # Peer support (dashboards/sections/peer_support.py): coverage, then events.
    "peer_coverage": """
        SELECT count(*),
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM peer_support_mentorship m
                                              WHERE m.returnee_id = r.id)
                                   OR EXISTS (SELECT 1 FROM peer_support_peergroupmember g
                                              WHERE g.returnee_id = r.id)
                                   OR EXISTS (SELECT 1 FROM peer_support_networkgroupmember n
                                              WHERE n.returnee_id = r.id))
        FROM reintegration_returnee r WHERE r.organization_id = %(org)s
          AND r.return_date BETWEEN %(since)s AND %(today)s""",
    "events": """
        SELECT community_id, count(*), sum(returnees_count), sum(family_members_count),
               sum(community_members_count), sum(opinion_leaders_count),
               sum(local_authorities_count)
        FROM peer_support_communityevent
        WHERE organization_id = %(org)s AND date BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    # Financial support groups (dashboards/sections/financial_groups.py), per currency.
    "financial_groups": """
        SELECT g.currency, count(DISTINCT g.id),
               coalesce(sum(e.amount) FILTER (WHERE e.kind = 'contribution'
                                              OR c.kind = 'contribution'), 0),
               coalesce(sum(e.amount) FILTER (WHERE e.kind = 'loan' OR c.kind = 'loan'), 0)
               - coalesce(sum(e.amount) FILTER (WHERE e.kind = 'repayment'
                                                OR c.kind = 'repayment'), 0)
        FROM projects_financialgroup g
        LEFT JOIN projects_ledgerentry e ON e.group_id = g.id
        LEFT JOIN projects_ledgerentry c ON c.id = e.corrects_id
        WHERE g.organization_id = %(org)s AND g.status = 'active' GROUP BY 1 ORDER BY 1""",
}
