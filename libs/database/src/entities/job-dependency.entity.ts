import { Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'job_dependencies' })
export class JobDependencyEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ name: 'depends_on_id', type: 'uuid' })
  dependsOnId: string;
}
