// Template administration: every template (saas admins also see pending and rejected ones),
// feature / unfeature and mark official in place; `/admin/templates/new` and `/:id` edit.
import { useState } from "react";
import { Link, useParams } from "wouter";
import { ok } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";
import { usePaged } from "../../lib/use-load.ts";
import { StatusBadge } from "../../ui/badge.tsx";
import { PageHeader } from "../../ui/page.tsx";
import { Empty, ErrorBox, LoadMore } from "../../ui/state.tsx";
import type { Template } from "../marketplace/types.ts";
import { AdminGate } from "./admin-gate.tsx";
import { EditTemplate } from "./template-edit.tsx";
import "./admin.css";

type Review = "" | "pending" | "approved" | "rejected";

export function AdminTemplatesPage() {
  const { id } = useParams<{ id?: string }>();
  return (
    <AdminGate>
      {id ? <EditTemplate key={id} id={id === "new" ? null : id} /> : <TemplateList />}
    </AdminGate>
  );
}

function TemplateList() {
  const { api } = useAuth();
  const [q, setQ] = useState("");
  const [review, setReview] = useState<Review>("");
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState<Record<string, Template>>({});
  const list = usePaged(
    (cursor) =>
      ok(
        api.v1.templates.$get({
          query: { q: q.trim() || undefined, review: review || undefined, sort: "newest", cursor },
        }),
      ),
    [api, q, review],
  );

  async function patch(template: Template, json: { isFeatured?: boolean; isOfficial?: boolean }) {
    setError(null);
    try {
      const updated = await ok(
        api.v1.admin.templates[":id"].$patch({ param: { id: template.id }, json }),
      );
      setChanged((prev) => ({ ...prev, [updated.id]: updated }));
    } catch (failure) {
      setError(failure);
    }
  }

  const items = list.items.map((t) => changed[t.id] ?? t);
  return (
    <>
      <PageHeader
        title="Templates"
        actions={
          <Link href="/admin/templates/new" className="button primary">
            New template
          </Link>
        }
      />
      <search className="filters">
        <label>
          Search
          <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </label>
        <label>
          Review
          <select value={review} onChange={(event) => setReview(event.target.value as Review)}>
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="approved">Approved</option>
            <option value="rejected">Rejected</option>
          </select>
        </label>
      </search>
      {error ? <ErrorBox error={error} /> : null}
      {!list.loading && !list.error && items.length === 0 ? (
        <Empty>{q || review ? "No template matches." : "No templates yet."}</Empty>
      ) : (
        items.length > 0 && (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Review</th>
                <th scope="col">Marks</th>
                <th scope="col">Installs</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((template) => (
                <tr key={template.id} data-testid="admin-template-row">
                  <td>
                    <Link href={`/admin/templates/${template.id}`}>{template.name}</Link>
                    <div className="muted">
                      <code>{template.slug}</code> · v{template.version} · {template.visibility}
                    </div>
                  </td>
                  <td>
                    <StatusBadge status={template.review} />
                  </td>
                  <td>
                    {[template.isOfficial && "official", template.isFeatured && "featured"]
                      .filter(Boolean)
                      .join(", ") || "—"}
                  </td>
                  <td>{template.installCount}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        onClick={() => patch(template, { isFeatured: !template.isFeatured })}
                      >
                        {template.isFeatured ? "Unfeature" : "Feature"}
                        <span className="visually-hidden"> {template.name}</span>
                      </button>
                      <button
                        type="button"
                        onClick={() => patch(template, { isOfficial: !template.isOfficial })}
                      >
                        {template.isOfficial ? "Unmark official" : "Mark official"}
                        <span className="visually-hidden"> {template.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <LoadMore list={list} />
    </>
  );
}
