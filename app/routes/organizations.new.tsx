import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuthCard } from "~/components/auth-card";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { requireUser } from "~/utils/auth.server";
import { invalidForm, parseForm } from "~/utils/forms.server";
import { organizationNameField } from "~/utils/validation";
import { createOwnedOrganization } from "~/modules/organizations/create-owned-organization.server";

export const meta: MetaFunction = () => [{ title: "Nova organização · Loved CRM" }];

const schema = z.object({ organization: organizationNameField });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, schema);
  if (!form.success) return invalidForm({ fieldErrors: form.fieldErrors });
  const organization = await createOwnedOrganization({ name: form.data.organization, ownerId: user.id });
  throw redirect(`/o/${organization.slug}/board`);
}

export default function NewOrganizationPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <AuthCard title="Nova organização" description="Você será o proprietário. O funil padrão é criado automaticamente.">
      <Form method="post" className="grid gap-4" noValidate>
        <Field label="Nome da organização" name="organization" required error={actionData?.fieldErrors.organization} />
        <Button type="submit" disabled={navigation.state !== "idle"}>
          Criar organização
        </Button>
      </Form>
    </AuthCard>
  );
}
