/**
 * /api/worktime — the working-time calendar: read by any console user (the console shows it and previews
 * deadlines), changed with worktime.manage (admin, center). Thin: schema, permission, one service call.
 */
import {
  dateParams,
  previewQuery,
  previewView,
  putDayBody,
  putPeriodsBody,
  replaceYearBody,
  worktimeQuery,
  worktimeView,
  yearParams,
} from '@grassroots/shared/worktime/worktime.api';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePermission } from '../../core/principal.js';

const tags = ['worktime'];

export const worktimeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { worktime } = app.services;
  // Services are built before Fastify's logger exists; the warning goes to the app log from here.
  worktime.setBeyondCalendarHandler((year) =>
    app.log.warn({ year }, `working-time calendar has no holidays for ${year}: counting weekends only`),
  );

  app.get(
    '/api/worktime',
    { schema: { tags, summary: '工作时间与节假日', querystring: worktimeQuery, response: { 200: worktimeView } } },
    async (req) => {
      requirePermission(req, 'console.access');
      return worktime.view(req.query.year);
    },
  );
  app.get(
    '/api/worktime/preview',
    { schema: { tags, summary: '期限试算', querystring: previewQuery, response: { 200: previewView } } },
    async (req) => {
      requirePermission(req, 'console.access');
      const { start, amount, unit } = req.query;
      return worktime.preview(start, { amount, unit });
    },
  );
  app.put(
    '/api/worktime/periods',
    { schema: { tags, summary: '设置工作时段', body: putPeriodsBody } },
    async (req, reply) => {
      requirePermission(req, 'worktime.manage');
      await worktime.setPeriods(req.actor, req.body.periods);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/worktime/days/:date',
    { schema: { tags, summary: '设置节假日或调休上班日', params: dateParams, body: putDayBody } },
    async (req, reply) => {
      requirePermission(req, 'worktime.manage');
      await worktime.setDay(req.actor, { date: req.params.date, ...req.body });
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/worktime/days/:date',
    { schema: { tags, summary: '清除特殊日期', params: dateParams } },
    async (req, reply) => {
      requirePermission(req, 'worktime.manage');
      await worktime.clearDay(req.actor, req.params.date);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/worktime/years/:year',
    { schema: { tags, summary: '导入全年节假日（整年替换）', params: yearParams, body: replaceYearBody } },
    async (req, reply) => {
      requirePermission(req, 'worktime.manage');
      await worktime.replaceYear(req.actor, req.params.year, req.body.days);
      return reply.status(204).send();
    },
  );
};
